import { OPENMETRICS_TEXT, PROMETHEUS_TEXT, type ExpositionFormat } from './metrics.registry';

/**
 * The format a scraper asks for: OpenMetrics when its Accept header lists it (Prometheus does, and only
 * OpenMetrics carries exemplars), the Prometheus text format for anyone else (curl, older scrapers).
 */
export function expositionFormatFor(accept: string | undefined): ExpositionFormat {
  const asksForOpenMetrics = (accept ?? '')
    .split(',')
    .some((range) => range.trim().toLowerCase().startsWith('application/openmetrics-text') && !refused(range));
  return asksForOpenMetrics ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
}

/** A media range with q=0 means "not this one". */
const refused = (range: string): boolean => /;\s*q\s*=\s*0(\.0*)?\s*(;|$)/.test(range);

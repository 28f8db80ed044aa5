import { Registry, type Metric, type OpenMetricsContentType } from 'prom-client';

export const PROMETHEUS_TEXT = Registry.PROMETHEUS_CONTENT_TYPE;
export const OPENMETRICS_TEXT = Registry.OPENMETRICS_CONTENT_TYPE;
export type ExpositionFormat = typeof PROMETHEUS_TEXT | typeof OPENMETRICS_TEXT;

/**
 * The one Prometheus registry of a service; inject it to register metrics. It renders the Prometheus
 * text format (metrics()) and OpenMetrics, the format that carries exemplars (exposition()).
 */
export class MetricsRegistry extends Registry {
  /**
   * Every metric in `format`. prom-client renders OpenMetrics by renaming each counter in place
   * (`x_total` becomes family `x`), which would rename it in the text format too: that rendering
   * works on views of the metrics (objects whose prototype is the metric), so the rename lands on
   * the view and the metric keeps its name.
   */
  exposition(format: ExpositionFormat): Promise<string> {
    if (format === PROMETHEUS_TEXT) return this.metrics();
    const openMetrics = new Registry<OpenMetricsContentType>();
    openMetrics.setContentType(OPENMETRICS_TEXT);
    for (const metric of this.getMetricsAsArray()) {
      openMetrics.registerMetric(Object.create(metric) as Metric);
    }
    return openMetrics.metrics();
  }
}

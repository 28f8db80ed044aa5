import { expositionFormatFor } from './exposition-format';
import { OPENMETRICS_TEXT, PROMETHEUS_TEXT } from './metrics.registry';

describe('expositionFormatFor', () => {
  it("answers OpenMetrics to Prometheus's Accept header", () => {
    const prometheus =
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,' +
      'text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
    expect(expositionFormatFor(prometheus)).toBe(OPENMETRICS_TEXT);
  });

  it('answers the text format to anyone else, and to a client that refuses OpenMetrics', () => {
    expect(expositionFormatFor(undefined)).toBe(PROMETHEUS_TEXT);
    expect(expositionFormatFor('*/*')).toBe(PROMETHEUS_TEXT);
    expect(expositionFormatFor('text/plain;version=0.0.4')).toBe(PROMETHEUS_TEXT);
    expect(expositionFormatFor('application/openmetrics-text; q=0, text/plain')).toBe(PROMETHEUS_TEXT);
  });
});

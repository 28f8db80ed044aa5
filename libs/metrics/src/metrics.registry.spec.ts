import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry, OPENMETRICS_TEXT, PROMETHEUS_TEXT } from './metrics.registry';

describe('MetricsRegistry', () => {
  const registry = new MetricsRegistry();
  const counter = new Counter({ name: 'jobs_total', help: 'jobs', labelNames: ['outcome'], registers: [registry] });
  const histogram = new Histogram<'route' | 'trace_id'>({
    name: 'request_seconds',
    help: 'requests',
    labelNames: ['route'],
    buckets: [0.1, 1],
    enableExemplars: true,
    registers: [],
  });
  registry.registerMetric(histogram);
  counter.inc({ outcome: 'ok' });
  histogram.observe({ labels: { route: '/a' }, value: 0.5, exemplarLabels: { trace_id: 'abc123' } });

  it('renders OpenMetrics with the exemplars and the EOF marker', async () => {
    const text = await registry.exposition(OPENMETRICS_TEXT);
    expect(text).toMatch(/^request_seconds_bucket\{le="1",route="\/a"\} 1 # \{trace_id="abc123"\} 0\.5 \d+/m);
    expect(text).toContain('# TYPE jobs counter\n');
    expect(text).toContain('jobs_total{outcome="ok"} 1');
    expect(text.endsWith('# EOF\n')).toBe(true);
  });

  it('renders the text format without exemplars, its counters keeping their names after an OpenMetrics scrape', async () => {
    await registry.exposition(OPENMETRICS_TEXT);
    const text = await registry.exposition(PROMETHEUS_TEXT);
    expect(text).toContain('# TYPE jobs_total counter\njobs_total{outcome="ok"} 1');
    expect(text).toMatch(/^request_seconds_bucket\{le="1",route="\/a"\} 1$/m);
    expect(text).not.toContain('# EOF');
    expect(text).not.toContain('trace_id');
  });
});

import { eventually } from '../support/eventually';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { startPrometheusFor, type PrometheusServer } from '../deploy/support/prometheus-server';
import { jaegerTrace, outline } from '../../tools/jaeger/jaeger-trace';
import { newTrace } from './support/new-trace';

const CHAT_REQUEST_BUCKETS = 'http_server_request_duration_seconds_bucket{app="chat-agent", route="/chat/:actorId"}';

describe('from a slow bucket to its trace: exemplars, and the spans an app exports as it stops', () => {
  let e2e: E2eStack;
  let prometheus: PrometheusServer;
  const { traceId, traceparent } = newTrace();

  beforeAll(async () => {
    // Spans wait a minute for their batch: only the export at shutdown can bring them to Jaeger in time.
    e2e = await startE2eStack({ tracing: true, env: { OTEL_BSP_SCHEDULE_DELAY: '60000' } });
    prometheus = await startPrometheusFor(e2e);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await e2e?.stop();
  });

  it("keeps a traced request's trace id as the exemplar of its request-duration bucket", async () => {
    const response = await fetch(`${e2e.app('chat-agent').url}/chat/exemplary`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent },
      body: JSON.stringify({ role: 'user', content: 'which bucket am I in?' }),
    });
    expect(response.status).toBe(200);

    const series = await eventually(
      `Prometheus to scrape an exemplar with trace_id ${traceId}`,
      () => prometheus.exemplars(CHAT_REQUEST_BUCKETS),
      (found) => found.some(({ exemplars }) => exemplars.some(({ labels }) => labels.trace_id === traceId)),
      20_000,
    );
    const bucket = series.find(({ exemplars }) => exemplars.some(({ labels }) => labels.trace_id === traceId));
    expect(bucket?.seriesLabels).toMatchObject({ app: 'chat-agent', method: 'POST', status: '200' });
  });

  it('answers the text format, without exemplars, to a client that does not ask for OpenMetrics', async () => {
    const response = await fetch(`${e2e.app('chat-agent').url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('http_server_request_duration_seconds_bucket{');
    expect(text).not.toContain('trace_id');
  });

  it("exports the app's last spans when it stops, so that Jaeger knows the exemplar's trace", async () => {
    const appSpans = async () =>
      (await jaegerTrace(e2e.jaegerUrl!, traceId)).filter(
        (span) => !span.bySidecar && span.serviceName === 'chat-agent',
      );
    // Still in the app's batch (daprd's own spans may have arrived): what follows is the stop's doing.
    expect(outline(await appSpans())).toEqual([]);

    await e2e.stack.process('chat-agent').stop();

    const spans = await eventually(
      `chat-agent's spans of trace ${traceId} in Jaeger`,
      appSpans,
      (found) => found.some((span) => span.operationName === 'POST /chat/:actorId'),
      10_000,
    );
    expect(spans.map((span) => span.operationName)).toContain('ChatAgent ProcessMessage');
  });
});

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../support/eventually';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { jaegerTrace, outline, type TraceSpan } from '../../tools/jaeger/jaeger-trace';
import { newTrace } from './support/new-trace';

/** The JSON log lines of one process of the stack. */
function logLines(e2e: E2eStack, name: string): Record<string, unknown>[] {
  return readFileSync(join(e2e.logDir, `${name}.log`), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

type Recorder = 'app' | 'daprd';

const has = (spans: TraceSpan[], by: Recorder, service: string, operation: RegExp): boolean =>
  spans.some(
    (span) => span.bySidecar === (by === 'daprd') && span.serviceName === service && operation.test(span.operationName),
  );

describe('one trace from curl to Redis: the apps and their sidecars in one Jaeger', () => {
  let e2e: E2eStack;
  let jaegerUrl: string;

  beforeAll(async () => {
    // Spans leave each app every 200 ms rather than every 5 s: the test waits less.
    e2e = await startE2eStack({ tracing: true, env: { OTEL_BSP_SCHEDULE_DELAY: '200' } });
    jaegerUrl = e2e.jaegerUrl!;
  });

  afterAll(() => e2e?.stop());

  it('follows POST /chat/{id} through the actor, its state, its event and the delivery', async () => {
    const { traceId, traceparent } = newTrace();
    const response = await fetch(`${e2e.app('chat-agent').url}/chat/tracy`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent },
      body: JSON.stringify({ role: 'user', content: 'where do I go?' }),
    });
    expect(response.status).toBe(200);

    const expected: [Recorder, RegExp][] = [
      ['app', /^POST \/chat\/:actorId$/], // the REST handler's server span
      ['app', /^PUT$/], // its client span to daprd: the actor call
      ['daprd', /^CallActor\/ChatAgent\/ProcessMessage$/],
      ['app', /^PUT \/actors\/:actorType\/:actorId\/method\/:method$/], // daprd's callback
      ['app', /^ChatAgent ProcessMessage$/], // the actor method
      ['app', /^POST$/], // state and publish, to daprd
      ['daprd', /^\/v1\.0\/actors\/ChatAgent\/tracy\/state$/], // the state write, to Redis
      ['daprd', /^\/v1\.0\/publish\/daca-pubsub\/user-chat$/],
      ['daprd', /^pubsub\/user-chat$/], // the delivery
      ['app', /^POST \/dapr\/pubsub\/:pubsub\/:topic$/],
      ['app', /^user-chat process$/],
    ];
    const spans = await eventually(
      `trace ${traceId} with every hop`,
      () => jaegerTrace(jaegerUrl, traceId),
      (found) => expected.every(([by, operation]) => has(found, by, 'chat-agent', operation)),
      20_000,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\nspans: ${outline(await jaegerTrace(jaegerUrl, traceId)).join('\n')}`);
    });
    const actorSpan = spans.find((span) => span.operationName === 'ChatAgent ProcessMessage');
    expect(actorSpan?.tags).toMatchObject({ 'dapr.actor.type': 'ChatAgent', 'dapr.actor.id': 'tracy' });

    const traced = logLines(e2e, 'chat-agent').filter((line) => line.trace_id === traceId);
    expect(traced.length).toBeGreaterThanOrEqual(3);
    expect(traced.every((line) => typeof line.span_id === 'string')).toBe(true);
  });

  it('follows POST caller /call-chat/{id} through both sidecars into the REST handler and the actor method', async () => {
    const { traceId, traceparent } = newTrace();
    const response = await fetch(`${e2e.app('caller-app').url}/call-chat/relayed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent },
      body: JSON.stringify({ role: 'user', content: 'pass it on' }),
    });
    expect(response.status).toBe(200);

    await eventually(
      `trace ${traceId} from caller-app to the ChatAgent actor`,
      () => jaegerTrace(jaegerUrl, traceId),
      (spans) =>
        has(spans, 'app', 'caller-app', /^POST \/call-chat\/:actorId$/) &&
        has(spans, 'daprd', 'caller-app', /^CallLocal\/chat-agent\/chat\/relayed$/) &&
        has(spans, 'daprd', 'chat-agent', /^CallLocal\/chat-agent\/chat\/relayed$/) &&
        has(spans, 'app', 'chat-agent', /^POST \/chat\/:actorId$/) &&
        has(spans, 'app', 'chat-agent', /^ChatAgent ProcessMessage$/),
      20_000,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\nspans: ${outline(await jaegerTrace(jaegerUrl, traceId)).join('\n')}`);
    });
  });

  it("runs a greet job in the trace of the request that queued it, with that request's correlation id", async () => {
    const { traceId, traceparent } = newTrace();
    const correlationId = randomUUID();
    const response = await fetch(`${e2e.app('caller-app').url}/call-greet/Later/jobs`, {
      method: 'POST',
      headers: { traceparent, 'x-correlation-id': correlationId },
    });
    expect(response.status).toBeLessThan(300);

    await eventually(
      `trace ${traceId} through the queued job into callee-app`,
      () => jaegerTrace(jaegerUrl, traceId),
      (spans) =>
        has(spans, 'app', 'caller-app', /^POST \/call-greet\/:name\/jobs$/) &&
        has(spans, 'app', 'caller-app', /^greet-jobs process$/) &&
        has(spans, 'app', 'callee-app', /^GET \/greet\/:name$/),
      20_000,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\nspans: ${outline(await jaegerTrace(jaegerUrl, traceId)).join('\n')}`);
    });
    const calleeLines = logLines(e2e, 'callee-app').filter((line) => line.trace_id === traceId);
    expect(calleeLines.some((line) => JSON.stringify(line).includes(correlationId))).toBe(true);
  });

  it('shows the reentrant chain of /analyze (ChatAgent → workers → ChatAgent) in one trace, one reentrancy id', async () => {
    const { traceId, traceparent } = newTrace();
    const response = await fetch(`${e2e.app('chat-agent').url}/chat/tracy/analyze`, {
      method: 'POST',
      headers: { traceparent },
    });
    expect(response.status).toBe(200);

    const chain = ['ChatAgent AnalyzeConversation', 'SummaryWorker Summarize', 'StatisticsWorker ComputeStatistics'];
    const spans = await eventually(
      `trace ${traceId} with the chain`,
      () => jaegerTrace(jaegerUrl, traceId),
      (found) =>
        chain.every((name) => found.some((span) => span.operationName === name)) &&
        found.filter((span) => span.operationName === 'ChatAgent GetConversationHistory').length >= 2,
      20_000,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\nspans: ${outline(await jaegerTrace(jaegerUrl, traceId)).join('\n')}`);
    });
    const actorSpans = spans.filter((span) => span.tags['dapr.actor.method'] !== undefined);
    const reentrancyIds = new Set(actorSpans.map((span) => span.tags['dapr.actor.reentrancy_id']));
    expect(reentrancyIds.size).toBe(1);
    expect([...reentrancyIds][0]).toEqual(expect.any(String));
  });

  it('follows caller → callee across both sidecars, with one trace id and one correlation id in both logs', async () => {
    const { traceId, traceparent } = newTrace();
    const correlationId = randomUUID();
    const response = await fetch(`${e2e.app('caller-app').url}/call-greet/Trace`, {
      headers: { traceparent, 'x-correlation-id': correlationId },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-correlation-id')).toBe(correlationId);

    await eventually(
      `trace ${traceId} through caller-app and callee-app and their sidecars`,
      () => jaegerTrace(jaegerUrl, traceId),
      (spans) =>
        has(spans, 'app', 'caller-app', /^GET \/call-greet\/:name$/) &&
        has(spans, 'daprd', 'caller-app', /^CallLocal\/callee-app\/greet\/Trace$/) &&
        has(spans, 'daprd', 'callee-app', /^CallLocal\/callee-app\/greet\/Trace$/) &&
        has(spans, 'app', 'callee-app', /^GET \/greet\/:name$/),
      20_000,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\nspans: ${outline(await jaegerTrace(jaegerUrl, traceId)).join('\n')}`);
    });

    for (const app of ['caller-app', 'callee-app']) {
      const lines = logLines(e2e, app).filter((line) => line.trace_id === traceId);
      expect({ app, traced: lines.length > 0 }).toEqual({ app, traced: true });
      expect(lines.some((line) => JSON.stringify(line).includes(correlationId))).toBe(true);
    }
  });
});

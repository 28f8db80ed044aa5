import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { eventually } from '../../test/support/eventually';
import { ROOT_DIR, startE2eStack } from '../../test/support/e2e-stack';
import { newTrace } from '../../test/tracing/support/new-trace';
import { jaegerTrace, traceWaterfall, type TraceSpan } from './jaeger-trace';

const OUTPUT = 'docs/traces/chat-first-message.txt';
const USAGE = `usage: npx tsx tools/jaeger/record-trace.ts (after npm run build)
  Starts the stack with Jaeger on free ports, sends the first message to a new ChatAgent actor with a
  traceparent, waits until Jaeger holds every hop of its trace, and writes the trace as a waterfall to
  ${OUTPUT} (the picture of a real trace the README shows).
  --help  print this`;

// The delivery of the event is the last hop of the request.
const LAST_HOP = 'user-chat process';

/** The last hop is in, and every span's parent too but the root's (the client's, which Jaeger never sees). */
const whole = (spans: TraceSpan[]): boolean => {
  const ids = new Set(spans.map((span) => span.spanId));
  const roots = spans.filter((span) => !ids.has(span.parentSpanId ?? ''));
  return roots.length === 1 && spans.some((span) => span.operationName === LAST_HOP);
};

async function main(): Promise<void> {
  try {
    if (parseArgs({ options: { help: { type: 'boolean' } } }).values.help) {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const e2e = await startE2eStack({ tracing: true, env: { OTEL_BSP_SCHEDULE_DELAY: '200' } });
  try {
    const { traceId, traceparent } = newTrace();
    const response = await fetch(`${e2e.app('chat-agent').url}/chat/alice`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent },
      body: JSON.stringify({ role: 'user', content: 'hi' }),
    });
    if (response.status !== 200)
      throw new Error(`POST /chat/alice answered ${response.status}: ${await response.text()}`);
    const spans = await eventually(
      `trace ${traceId} whole, up to its last hop (${LAST_HOP}), apps' and sidecars' spans alike`,
      () => jaegerTrace(e2e.jaegerUrl!, traceId),
      whole,
      30_000,
    );
    const text = [`$ npx tsx tools/jaeger/show-trace.ts --waterfall ${traceId}`, ...traceWaterfall(spans)].join('\n');
    writeFileSync(join(ROOT_DIR, OUTPUT), `${text}\n`);
    process.stdout.write(`${text}\n\nwritten to ${OUTPUT}\n`);
  } finally {
    await e2e.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`record-trace failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
});

import { parseArgs } from 'node:util';
import { jaegerTrace, traceTree } from './jaeger-trace';

const USAGE = `usage: npx tsx tools/jaeger/show-trace.ts [--jaeger URL] TRACE_ID
  Prints one trace, as Jaeger's query API holds it, as a tree of spans: apps' and sidecars' alike.
  --jaeger  Jaeger's query API (default http://localhost:16686, npm start's)
  --help    print this`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { jaeger: { type: 'string', default: 'http://localhost:16686' }, help: { type: 'boolean' } },
  });
  const [traceId] = positionals;
  if (values.help || !traceId) {
    process.stdout.write(`${USAGE}\n`);
    process.exitCode = values.help ? 0 : 1;
    return;
  }
  const spans = await jaegerTrace(values.jaeger, traceId);
  if (spans.length === 0) {
    process.stderr.write(
      `Jaeger at ${values.jaeger} holds no trace ${traceId} (yet: spans leave the apps in batches)\n`,
    );
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${traceTree(spans).join('\n')}\n`);
}

void main();

import { parseArgs } from 'node:util';
import { jaegerTrace, traceTree, traceWaterfall } from './jaeger-trace';

const USAGE = `usage: npx tsx tools/jaeger/show-trace.ts [--jaeger URL] [--waterfall] TRACE_ID
  Prints one trace, as Jaeger's query API holds it, as a tree of spans: apps' and sidecars' alike.
  --jaeger     Jaeger's query API (default http://localhost:16686, npm start's)
  --waterfall  each span also as a bar on the trace's time axis, as Jaeger's UI draws it
  --help       print this`;

function commandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        jaeger: { type: 'string', default: 'http://localhost:16686' },
        waterfall: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = commandLine();
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
  process.stdout.write(`${(values.waterfall ? traceWaterfall(spans) : traceTree(spans)).join('\n')}\n`);
}

void main();

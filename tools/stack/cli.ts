import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { daprBinDir } from './dapr-binaries';
import { jaegerBinary, jaegerQueryUrl, otlpHttpEndpoint } from './jaeger';
import { prefixedLog } from './prefixed-log';
import { relocateStack } from './relocate-stack';
import { sidecarName, Stack } from './stack';
import { loadStackDefinition, type StackDefinition } from './stack-definition';
import { stackTokens, writeTokensFile } from './stack-tokens';

const USAGE = `usage: npm start [-- [--free-ports] [--no-jaeger]]
  Runs redis, Jaeger, placement, scheduler and every app of dapr.yaml with its daprd sidecar until Ctrl-C.
  --free-ports  run on free ports with a private Redis and data, beside a stack on the default ports
  --no-jaeger   leave Jaeger out: the apps start no tracing SDK and daprd samples no spans
  --help        print this`;

interface Placement {
  definition: StackDefinition;
  dataDir: string;
  cleanup: () => void;
}

async function place(rootDir: string, freePorts: boolean): Promise<Placement> {
  const definition = loadStackDefinition(rootDir);
  if (!freePorts) return { definition, dataDir: join(rootDir, '.data'), cleanup: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'daca-stack-'));
  return {
    definition: await relocateStack(
      definition,
      dir,
      definition.apps.map((app) => app.appId),
    ),
    dataDir: join(dir, 'data'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'free-ports': { type: 'boolean' }, 'no-jaeger': { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const rootDir = resolve(__dirname, '../..');
  const { definition, dataDir, cleanup } = await place(rootDir, values['free-ports'] === true);
  const tracing = values['no-jaeger'] !== true;
  const names = [
    'redis',
    'sentry',
    ...(tracing ? ['jaeger'] : []),
    'placement',
    'scheduler',
    ...definition.apps.flatMap((a) => [a.appId, sidecarName(a.appId)]),
  ];
  const log = prefixedLog(['stack', ...names]);
  const say = (line: string): void => log('stack', line);

  const tokens = stackTokens();
  const tokensFile = writeTokensFile(tokens);
  const stack = new Stack({
    definition,
    daprBinDir: daprBinDir(rootDir),
    jaegerBinary: tracing ? jaegerBinary(rootDir) : undefined,
    dataDir,
    log,
    tokens,
    reuseRedis: true,
  });

  let stopping = false;
  const shutdown = async (reason: string, exitCode: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say(`${reason}: stopping everything this launcher started`);
    await stack.stop();
    cleanup();
    rmSync(dirname(tokensFile), { recursive: true, force: true });
    say('stopped');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  stack.onUnexpectedExit(({ name, code, signal }) => {
    const why = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    void shutdown(`${name} ${why} (its last log lines are above)`, 1);
  });

  say(`starting redis, sentry, ${tracing ? 'jaeger, ' : ''}placement, scheduler and the apps of dapr.yaml`);
  try {
    await stack.start();
  } catch (error) {
    say(`could not start the stack: ${(error as Error).message}`);
    await shutdown('start failed', 1);
    return;
  }
  say(
    `running: ${stack
      .processes()
      .map((p) => `${p.spec.name} (pid ${p.pid})`)
      .join(', ')}`,
  );
  for (const app of definition.apps) {
    say(
      `${app.appId}: app http://localhost:${app.appPort}, sidecar http://localhost:${app.daprHttpPort}, ` +
        `sidecar metrics http://localhost:${app.metricsPort}/metrics`,
    );
  }
  say(
    `APP_API_TOKEN and DAPR_API_TOKEN (given in the environment, else new for this run) are in ${tokensFile}, ` +
      `readable by you only: \`source\` it, then curl -H "dapr-api-token: $DAPR_API_TOKEN" to call a sidecar`,
  );
  if (tracing) {
    say(
      `traces: ${jaegerQueryUrl(definition.jaeger)} (Jaeger; the apps and sidecars send OTLP to ` +
        `${otlpHttpEndpoint(definition.jaeger)}); a request's trace: ${jaegerQueryUrl(definition.jaeger)}/api/traces/{trace id}`,
    );
  }
  say('all processes are healthy; press Ctrl-C to stop');
}

void main();

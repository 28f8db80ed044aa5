import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { daprBinDir } from './dapr-binaries';
import { jaegerBinary, jaegerQueryUrl, otlpHttpEndpoint } from './jaeger';
import { prefixedLog } from './prefixed-log';
import { relocateStack } from './relocate-stack';
import { MAX_REPLICAS, parseReplicaCounts, replicatedProcessNames, UsageError, withReplicas } from './replicas';
import { Stack } from './stack';
import { loadStackDefinition, replicaName, sidecarName, type StackDefinition } from './stack-definition';
import { stackRedisPassword, stackTokens, writeTokensFile } from './stack-tokens';
import { Supervisor } from './supervisor';

const USAGE = `usage: npm start [-- [--free-ports] [--no-jaeger] [--replicas app-id=count[,app-id=count]]]
  Runs redis, sentry, Jaeger, placement, scheduler and every app of dapr.yaml with its daprd sidecar until Ctrl-C.
  --free-ports            run on free ports with a private Redis and data, beside a stack on the default ports
  --no-jaeger             leave Jaeger out: the apps start no tracing SDK and daprd samples no spans
  --replicas app-id=count run count (1 to ${MAX_REPLICAS}) instances of the app, each with its own daprd, under
                          one app id; replica k listens on the first's app and daprd HTTP ports + 10·(k−1)
                          (chat-agent=2: 8010 and 3510), other ports free. A crashed app or daprd of a
                          replicated app is restarted with backoff; 5 restarts within a minute stop the stack.
  --help                  print this
  Secrets come from the environment, else are new for the run: APP_API_TOKEN, DAPR_API_TOKEN (app ↔ daprd) and
  REDIS_PASSWORD (Redis asks for it; the sidecars read it from secrets.json in the data directory); all three go to a
  private file under /tmp, whose path is printed.`;

interface Placement {
  definition: StackDefinition;
  dataDir: string;
  cleanup: () => void;
}

interface Arguments {
  freePorts: boolean;
  tracing: boolean;
  replicas: string[];
  help: boolean;
}

function readArguments(): Arguments {
  try {
    const { values } = parseArgs({
      options: {
        'free-ports': { type: 'boolean' },
        'no-jaeger': { type: 'boolean' },
        replicas: { type: 'string', multiple: true },
        help: { type: 'boolean' },
      },
    });
    return {
      freePorts: values['free-ports'] === true,
      tracing: values['no-jaeger'] !== true,
      replicas: values.replicas ?? [],
      help: values.help === true,
    };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function place(rootDir: string, { freePorts, replicas }: Arguments): Promise<Placement> {
  const loaded = loadStackDefinition(rootDir);
  const counts = parseReplicaCounts(
    replicas,
    loaded.apps.map((app) => app.appId),
  );
  if (!freePorts) {
    return {
      definition: await withReplicas(loaded, counts, 'offset'),
      dataDir: join(rootDir, '.data'),
      cleanup: () => undefined,
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'daca-stack-'));
  const relocated = await relocateStack(
    loaded,
    dir,
    loaded.apps.map((app) => app.appId),
  );
  return {
    definition: await withReplicas(relocated, counts, 'free'),
    dataDir: join(dir, 'data'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function main(): Promise<void> {
  let args: Arguments;
  let placed: Placement;
  try {
    args = readArguments();
    if (args.help) {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    placed = await place(resolve(__dirname, '../..'), args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  const { definition, dataDir, cleanup } = placed;
  const { tracing } = args;
  const rootDir = definition.rootDir;
  const names = [
    'redis',
    'sentry',
    ...(tracing ? ['jaeger'] : []),
    'placement',
    'scheduler',
    ...definition.apps.flatMap((a) => [replicaName(a.appId, a.replica), sidecarName(a.appId, a.replica)]),
  ];
  const log = prefixedLog(['stack', ...names]);
  const say = (line: string): void => log('stack', line);

  const tokens = stackTokens();
  const redisPassword = stackRedisPassword();
  const tokensFile = writeTokensFile({ ...tokens, REDIS_PASSWORD: redisPassword });
  const stack = new Stack({
    definition,
    daprBinDir: daprBinDir(rootDir),
    jaegerBinary: tracing ? jaegerBinary(rootDir) : undefined,
    dataDir,
    log,
    tokens,
    redisPassword,
    reuseRedis: true,
  });

  let stopping = false;
  const shutdown = async (reason: string, exitCode: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    supervisor.stop();
    say(`${reason}: stopping everything this launcher started`);
    await stack.stop();
    cleanup();
    rmSync(dirname(tokensFile), { recursive: true, force: true });
    say('stopped');
    process.exit(exitCode);
  };
  const supervisor = new Supervisor(stack, {
    supervised: replicatedProcessNames(definition),
    say,
    giveUp: (reason) => void shutdown(reason, 1),
  });
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));

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
      `${replicaName(app.appId, app.replica)}: app http://localhost:${app.appPort}, ` +
        `sidecar http://localhost:${app.daprHttpPort} (gRPC ${app.daprGrpcPort}), ` +
        `sidecar metrics http://localhost:${app.metricsPort}/metrics`,
    );
  }
  say(
    `APP_API_TOKEN, DAPR_API_TOKEN and REDIS_PASSWORD (given in the environment, else new for this run) are in ` +
      `${tokensFile}, readable by you only: \`source\` it, then curl -H "dapr-api-token: $DAPR_API_TOKEN" to call ` +
      `a sidecar, REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -p ${definition.redisPort} to reach Redis`,
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

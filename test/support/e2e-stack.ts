import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { daprBinDir } from '../../tools/stack/dapr-binaries';
import { jaegerBinary, jaegerQueryUrl } from '../../tools/stack/jaeger';
import { relocateStack } from '../../tools/stack/relocate-stack';
import { withReplicas, type ReplicaCounts } from '../../tools/stack/replicas';
import { Stack } from '../../tools/stack/stack';
import {
  loadStackDefinition,
  replicaName,
  sidecarName,
  type StackDefinition,
} from '../../tools/stack/stack-definition';
import { stackRedisPassword, stackTokens, type StackTokens } from '../../tools/stack/stack-tokens';

export const ROOT_DIR = resolve(__dirname, '../..');

/** What sentry reads from its issuer-credentials directory, and makes there when missing. */
export const SENTRY_CREDENTIALS = ['ca.crt', 'issuer.crt', 'issuer.key'];

export interface E2eApp {
  appId: string;
  /** Its process's name: the app id, or `<app id>#<k>` for replica k. */
  name: string;
  /** The app itself, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Its daprd's HTTP API. */
  sidecarUrl: string;
  /** What every call to daprd's API must carry: its DAPR_API_TOKEN. */
  sidecarHeaders: { 'dapr-api-token': string };
  /** What daprd's calls to the app carry (the app refuses its /actors and /dapr routes without): APP_API_TOKEN. */
  callbackHeaders: { 'dapr-api-token': string };
  /** Its daprd's Prometheus metrics. */
  sidecarMetricsUrl: string;
}

export interface E2eStack {
  stack: Stack;
  definition: StackDefinition;
  /** The tokens of this run (those of the environment, else random ones), kept in memory only. */
  tokens: StackTokens;
  /** The password of its Redis (REDIS_PASSWORD of the environment, else random), in memory only. */
  redisPassword: string;
  /** An app's first instance, or its replica `replica` (1 to its count). */
  app(appId: string, replica?: number): E2eApp;
  /** Where each process's log is written: `<dir>/<process>.log`. */
  logDir: string;
  /** Jaeger's query API, when the stack runs with `tracing: true`. */
  jaegerUrl?: string;
  stop(): Promise<void>;
}

export interface E2eStackOptions {
  /** The repository whose dapr.yaml, components/ and builds run (default: this one), e.g. a generated copy. */
  rootDir?: string;
  /** Environment for every app, e.g. { SIMULATE_FAILURE: 'true' }. */
  env?: Record<string, string>;
  /** Only these app ids of dapr.yaml (default: all). */
  apps?: string[];
  /** Another command for an app id, e.g. a baseline implementation to compare against. */
  commands?: Record<string, string[]>;
  /** Another working directory for an app id's command, e.g. an app outside the repository. */
  cwds?: Record<string, string>;
  /** Files written over the stack's copy of components/, by name, e.g. a resiliency.yaml with short durations. */
  components?: Record<string, string>;
  /** Run Jaeger too, and trace the apps and their sidecars into it. */
  tracing?: boolean;
  /** Instances per app id, e.g. { 'chat-agent': 2 }: each with its own daprd, all on free ports. */
  replicas?: ReplicaCounts;
  /** A directory with a trust bundle (ca.crt, issuer.crt, issuer.key) for sentry, instead of one it makes. */
  sentryCredentials?: string;
}

/**
 * Starts the stack of dapr.yaml on free ports (never the defaults, so a running `npm start` is left
 * alone), with its own Redis and data in a temporary directory. Every process dies with the test
 * process, even on SIGKILL (see ManagedProcess). Needs `npm run build` first.
 */
export async function startE2eStack(options: E2eStackOptions = {}): Promise<E2eStack> {
  const base = loadStackDefinition(options.rootDir ?? ROOT_DIR);
  const dir = mkdtempSync(join(tmpdir(), 'daca-e2e-'));
  const logDir = join(dir, 'logs');
  mkdirSync(logDir);
  const relocated = await relocateStack(base, dir, options.apps ?? base.apps.map((app) => app.appId));
  for (const [file, text] of Object.entries(options.components ?? {})) {
    writeFileSync(join(relocated.resourcesPath, file), text);
  }
  const replicated = await withReplicas(relocated, options.replicas ?? {}, 'free');
  const definition = {
    ...replicated,
    apps: replicated.apps.map((app) => ({
      ...app,
      command: options.commands?.[app.appId] ?? app.command,
      cwd: options.cwds?.[app.appId] ?? app.cwd,
    })),
  };
  if (options.sentryCredentials) {
    const credentialsDir = join(dir, 'data', 'sentry');
    mkdirSync(credentialsDir, { recursive: true });
    for (const file of SENTRY_CREDENTIALS)
      copyFileSync(join(options.sentryCredentials, file), join(credentialsDir, file));
  }
  let removed = false;
  const tokens = stackTokens();
  const redisPassword = stackRedisPassword();
  const stack = new Stack({
    definition,
    daprBinDir: daprBinDir(ROOT_DIR),
    jaegerBinary: options.tracing ? jaegerBinary(ROOT_DIR) : undefined,
    dataDir: join(dir, 'data'),
    tokens,
    redisPassword,
    env: options.env,
    // A process's last lines can arrive after its exit, and so after stop() removed the directory.
    log: (name, line) => {
      if (!removed) appendFileSync(join(logDir, `${name}.log`), `${line}\n`);
    },
  });
  const stop = async (): Promise<void> => {
    await stack.stop();
    removed = true;
    if (process.env.DACA_E2E_KEEP === '1') process.stdout.write(`kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  };
  try {
    await stack.start();
  } catch (error) {
    await stack.stop();
    throw new Error(`${(error as Error).message}\nlogs: ${logDir}\n${logTails(logDir)}`);
  }
  return {
    stack,
    definition,
    tokens,
    redisPassword,
    logDir,
    jaegerUrl: options.tracing ? jaegerQueryUrl(definition.jaeger) : undefined,
    stop,
    app(appId, replica = 1) {
      const app = definition.apps.find((candidate) => candidate.appId === appId && candidate.replica === replica);
      if (!app) throw new Error(`app '${replicaName(appId, replica)}' is not part of this stack`);
      return {
        appId,
        name: replicaName(appId, replica),
        url: `http://127.0.0.1:${app.appPort}`,
        sidecarUrl: `http://127.0.0.1:${app.daprHttpPort}`,
        sidecarHeaders: { 'dapr-api-token': tokens.DAPR_API_TOKEN },
        callbackHeaders: { 'dapr-api-token': tokens.APP_API_TOKEN },
        sidecarMetricsUrl: `http://127.0.0.1:${app.metricsPort}/metrics`,
      };
    },
  };
}

export { replicaName, sidecarName };

/** The last lines of every process log, for a failure message that shows why without opening files. */
function logTails(logDir: string, lines = 8): string {
  return readdirSync(logDir)
    .map((file) => {
      const tail = readFileSync(join(logDir, file), 'utf8').trimEnd().split('\n').slice(-lines);
      return `--- ${file} (last ${tail.length} lines)\n${tail.join('\n')}`;
    })
    .join('\n');
}

import { freePorts } from './ports';
import { portsOf, replicaName, sidecarName, type AppDefinition, type StackDefinition } from './stack-definition';

export const MAX_REPLICAS = 4;

/** Replica k of an app is offset from the first by this step, times k − 1, on its app and daprd HTTP ports. */
export const REPLICA_PORT_STEP = 10;

/** How many instances of each app id to run; apps not named run once. */
export type ReplicaCounts = Record<string, number>;

/**
 * Where replicas listen: `offset` gives replica k the first instance's app and daprd HTTP ports plus
 * 10·(k−1), so that they are easy to type (chat-agent#2: 8010 and 3510), and free ports for the rest;
 * `free` gives it free ports only (a stack beside another, the e2e tests).
 */
export type ReplicaPorts = 'offset' | 'free';

/** A command line mistake, reported with the usage text and exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Reads `--replicas` values such as `chat-agent=2` or `chat-agent=2,callee-app=3`. */
export function parseReplicaCounts(values: string[], appIds: string[]): ReplicaCounts {
  const counts: ReplicaCounts = {};
  for (const item of values.flatMap((value) => value.split(',')).filter((entry) => entry.length > 0)) {
    const match = /^([^=]+)=(\d+)$/.exec(item.trim());
    if (!match) throw new UsageError(`--replicas takes app-id=count, e.g. chat-agent=2; got '${item}'`);
    const [, appId, count] = match;
    if (!appIds.includes(appId)) {
      throw new UsageError(`--replicas: no app '${appId}' in dapr.yaml; its apps are ${appIds.join(', ')}`);
    }
    const replicas = Number(count);
    if (replicas < 1 || replicas > MAX_REPLICAS) {
      throw new UsageError(`--replicas: ${appId} can run 1 to ${MAX_REPLICAS} times, not ${replicas}`);
    }
    counts[appId] = replicas;
  }
  return counts;
}

/** `count` free ports, none of them one the stack already uses. */
export async function freePortsBeside(definition: StackDefinition, count: number): Promise<number[]> {
  const taken = new Set(portsOf(definition).map(({ port }) => port));
  return (await freePorts(count + taken.size)).filter((port) => !taken.has(port)).slice(0, count);
}

/** The stack with replicas 2…n of each app counted, each right after its app's first instance. */
export async function withReplicas(
  definition: StackDefinition,
  counts: ReplicaCounts,
  placement: ReplicaPorts,
): Promise<StackDefinition> {
  const added = (app: AppDefinition): number => Math.max(0, (counts[app.appId] ?? 1) - 1);
  const needed = definition.apps.reduce((sum, app) => sum + added(app) * (placement === 'offset' ? 3 : 5), 0);
  const ports = await freePortsBeside(definition, needed);
  const next = (): number => ports.shift() as number;
  const replicaOf = (first: AppDefinition, replica: number): AppDefinition => {
    const offset = REPLICA_PORT_STEP * (replica - 1);
    return {
      ...first,
      replica,
      appPort: placement === 'offset' ? first.appPort + offset : next(),
      daprHttpPort: placement === 'offset' ? first.daprHttpPort + offset : next(),
      daprGrpcPort: next(),
      daprInternalGrpcPort: next(),
      metricsPort: next(),
    };
  };
  return {
    ...definition,
    apps: definition.apps.flatMap((app) => [
      app,
      ...Array.from({ length: added(app) }, (_, index) => replicaOf(app, index + 2)),
    ]),
  };
}

/** The app and sidecar processes of apps that run as two or more replicas: the ones the launcher supervises. */
export function replicatedProcessNames(definition: StackDefinition): string[] {
  const replicated = new Set(definition.apps.filter((app) => app.replica > 1).map((app) => app.appId));
  return definition.apps
    .filter((app) => replicated.has(app.appId))
    .flatMap((app) => [replicaName(app.appId, app.replica), sidecarName(app.appId, app.replica)]);
}

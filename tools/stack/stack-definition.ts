import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import fixedPorts from './fixed-ports.json';
import { DEFAULT_JAEGER_PORTS, type JaegerDefinition } from './jaeger';
import { secretsFileOf } from './secret-store';

/** One instance of a Dapr application of the stack and the ports of its sidecar. */
export interface AppDefinition {
  appId: string;
  /** 1 for the instance dapr.yaml describes; 2, 3, … for the replicas `--replicas` adds (same app id). */
  replica: number;
  appPort: number;
  daprHttpPort: number;
  daprGrpcPort: number;
  /**
   * Where daprd serves other sidecars (service invocation, actor calls) and registers in name
   * resolution. Left to daprd, replicas started together can pick the same one (its "stable" port
   * is derived from the app id) and the second registration evicts the first, which exits.
   */
  daprInternalGrpcPort: number;
  metricsPort: number;
  command: string[];
  cwd: string;
  env: Record<string, string>;
}

export interface PlacementDefinition {
  port: number;
  healthzPort: number;
  metricsPort: number;
  raftPort: number;
}

export interface SchedulerDefinition {
  port: number;
  healthzPort: number;
  metricsPort: number;
  etcdClientPort: number;
  etcdPeerPort: number;
}

/** Dapr's certificate authority: it signs the identity of every daprd, placement and scheduler. */
export interface SentryDefinition {
  port: number;
  healthzPort: number;
  metricsPort: number;
}

/** The whole local stack, as dapr.yaml and components/ describe it. */
export interface StackDefinition {
  rootDir: string;
  resourcesPath: string;
  configFilePath: string;
  appHealthCheckPath: string;
  /** daprd's app health probe: every `intervalSeconds`, unhealthy after `threshold` failures in a row. */
  appHealthProbe: { intervalSeconds: number; threshold: number };
  logLevel: string;
  redisPort: number;
  /** The JSON file of the sidecars' secret store (components/secretstore.yaml), which holds Redis's password. */
  secretsFile: string;
  /** One placement node, or three in HA mode (high-availability.ts): one Raft cluster. */
  placement: PlacementDefinition[];
  /** One scheduler node, or three in HA mode: one embedded etcd cluster. */
  scheduler: SchedulerDefinition[];
  sentry: SentryDefinition;
  /** Where Jaeger listens when the stack runs it (dapr.yaml has no place for it: Jaeger's defaults). */
  jaeger: JaegerDefinition;
  apps: AppDefinition[];
}

interface RunFileApp {
  appID: string;
  appDirPath?: string;
  appPort: number;
  daprHTTPPort: number;
  daprGRPCPort: number;
  daprInternalGRPCPort: number;
  metricsPort: number;
  command: string[];
  env?: Record<string, string | number | boolean>;
}

interface RunFile {
  common?: {
    resourcesPath?: string;
    configFilePath?: string;
    placementHostAddress?: string;
    schedulerHostAddress?: string;
    appHealthCheckPath?: string;
    appHealthProbeInterval?: number;
    appHealthThreshold?: number;
    logLevel?: string;
    env?: Record<string, string | number | boolean>;
  };
  apps?: RunFileApp[];
}

// dapr.yaml has no place for these: they are the ports `dapr init` leaves to its defaults (8080 and
// 9090 for every control-plane process), moved apart so that every process has its own; sentry's
// default port, 50001, is chat-agent's daprd gRPC port here. A JSON file, so that the service generator
// (libs/schematics) sees them when it picks the next free ports.
const { placement: PLACEMENT_SIDE_PORTS, scheduler: SCHEDULER_SIDE_PORTS, sentry: SENTRY_PORTS } = fixedPorts;

function portOf(address: string | undefined, what: string): number {
  const port = Number(address?.split(':').pop());
  if (!Number.isInteger(port) || port <= 0) {
    throw new Error(`dapr.yaml: common.${what} must be host:port, got '${address ?? ''}'`);
  }
  return port;
}

function stringEnv(env: Record<string, string | number | boolean> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(env ?? {}).map(([key, value]) => [key, String(value)]));
}

function redisPortOf(resourcesPath: string): number {
  const component = parse(readFileSync(join(resourcesPath, 'statestore.yaml'), 'utf8')) as {
    spec: { metadata: { name: string; value: string }[] };
  };
  const host = component.spec.metadata.find((item) => item.name === 'redisHost')?.value;
  return portOf(host, 'redisHost of components/statestore.yaml');
}

/** Reads dapr.yaml (the Dapr multi-app run file) at the root of the repository. */
export function loadStackDefinition(rootDir: string, runFile = 'dapr.yaml'): StackDefinition {
  const file = parse(readFileSync(join(rootDir, runFile), 'utf8')) as RunFile;
  const common = file.common ?? {};
  const resolve = (path: string): string => (isAbsolute(path) ? path : join(rootDir, path));
  const resourcesPath = resolve(common.resourcesPath ?? 'components');
  const commonEnv = stringEnv(common.env);
  return {
    rootDir,
    resourcesPath,
    configFilePath: resolve(common.configFilePath ?? join(resourcesPath, 'configuration.yaml')),
    appHealthCheckPath: common.appHealthCheckPath ?? '/health/live',
    // daprd's own defaults when dapr.yaml says nothing.
    appHealthProbe: { intervalSeconds: common.appHealthProbeInterval ?? 5, threshold: common.appHealthThreshold ?? 3 },
    logLevel: common.logLevel ?? 'info',
    redisPort: redisPortOf(resourcesPath),
    secretsFile: secretsFileOf(resourcesPath, rootDir),
    placement: [{ port: portOf(common.placementHostAddress, 'placementHostAddress'), ...PLACEMENT_SIDE_PORTS }],
    scheduler: [{ port: portOf(common.schedulerHostAddress, 'schedulerHostAddress'), ...SCHEDULER_SIDE_PORTS }],
    sentry: SENTRY_PORTS,
    jaeger: DEFAULT_JAEGER_PORTS,
    apps: (file.apps ?? []).map((app) => ({
      appId: app.appID,
      replica: 1,
      appPort: app.appPort,
      daprHttpPort: app.daprHTTPPort,
      daprGrpcPort: app.daprGRPCPort,
      daprInternalGrpcPort: app.daprInternalGRPCPort,
      metricsPort: app.metricsPort,
      command: app.command,
      cwd: resolve(app.appDirPath ?? '.'),
      env: { ...commonEnv, ...stringEnv(app.env) },
    })),
  };
}

/** The name of an app instance's process: its app id, and `chat-agent#2` for replica 2. */
export const replicaName = (appId: string, replica = 1): string => (replica === 1 ? appId : `${appId}#${replica}`);

/** The name of an app instance's daprd process, e.g. `chat-agent-daprd`, `chat-agent#2-daprd`. */
export const sidecarName = (appId: string, replica = 1): string => `${replicaName(appId, replica)}-daprd`;

/** The process name of control-plane node `node` (from 1): `placement`, `placement#2`, `scheduler#3`. */
export const controlPlaneNodeName = (service: 'placement' | 'scheduler', node: number): string =>
  replicaName(service, node);

/** Every port the stack listens on, named for messages. */
export function portsOf(stack: StackDefinition): { name: string; port: number }[] {
  return [
    { name: 'redis', port: stack.redisPort },
    ...stack.placement.flatMap((node, index) => {
      const name = controlPlaneNodeName('placement', index + 1);
      return [
        { name, port: node.port },
        { name: `${name} healthz`, port: node.healthzPort },
        { name: `${name} metrics`, port: node.metricsPort },
        { name: `${name} raft`, port: node.raftPort },
      ];
    }),
    ...stack.scheduler.flatMap((node, index) => {
      const name = controlPlaneNodeName('scheduler', index + 1);
      return [
        { name, port: node.port },
        { name: `${name} healthz`, port: node.healthzPort },
        { name: `${name} metrics`, port: node.metricsPort },
        { name: `${name} etcd client`, port: node.etcdClientPort },
        { name: `${name} etcd peer`, port: node.etcdPeerPort },
      ];
    }),
    { name: 'sentry', port: stack.sentry.port },
    { name: 'sentry healthz', port: stack.sentry.healthzPort },
    { name: 'sentry metrics', port: stack.sentry.metricsPort },
    ...jaegerPortsOf(stack),
    ...stack.apps.flatMap((app) => {
      const name = replicaName(app.appId, app.replica);
      return [
        { name: `${name} app`, port: app.appPort },
        { name: `${name} daprd HTTP`, port: app.daprHttpPort },
        { name: `${name} daprd gRPC`, port: app.daprGrpcPort },
        { name: `${name} daprd internal gRPC`, port: app.daprInternalGrpcPort },
        { name: `${name} daprd metrics`, port: app.metricsPort },
      ];
    }),
  ];
}

/** The ports of the stack's Jaeger, named for messages. */
export function jaegerPortsOf(stack: StackDefinition): { name: string; port: number }[] {
  return [
    { name: 'jaeger OTLP gRPC', port: stack.jaeger.otlpGrpcPort },
    { name: 'jaeger OTLP HTTP', port: stack.jaeger.otlpHttpPort },
    { name: 'jaeger query', port: stack.jaeger.queryPort },
    { name: 'jaeger query gRPC', port: stack.jaeger.queryGrpcPort },
  ];
}

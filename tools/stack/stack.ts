import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeDaprdConfiguration } from './daprd-configuration';
import { jaegerSpec, otlpHttpEndpoint } from './jaeger';
import {
  httpProbe,
  ManagedProcess,
  type HealthProbe,
  type LogSink,
  type ProcessExit,
  type ProcessSpec,
} from './managed-process';
import { assertPortsFree, describePortHolder, isPortFree } from './ports';
import { isHighlyAvailable } from './high-availability';
import { redisAnswers, redisArgs, redisServerPath } from './redis';
import { writeSecretsFile } from './secret-store';
import {
  controlPlaneNodeName,
  jaegerPortsOf,
  portsOf,
  replicaName,
  sidecarName,
  type AppDefinition,
  type PlacementDefinition,
  type SchedulerDefinition,
  type StackDefinition,
} from './stack-definition';
import type { StackTokens } from './stack-tokens';

export interface StackOptions {
  definition: StackDefinition;
  /** Directory holding daprd, placement, scheduler and sentry (tools/dapr/install.sh prints it). */
  daprBinDir: string;
  /**
   * Jaeger's binary (tools/jaeger/install.sh prints it): when given, Jaeger runs first and the apps and
   * their sidecars send it their spans; without it, neither traces (the apps' SDK stays off, daprd
   * samples nothing).
   */
  jaegerBinary?: string;
  /** Redis data and scheduler etcd data live here. */
  dataDir: string;
  log: LogSink;
  /** Given to every app and its daprd alike (stackTokens). */
  tokens: StackTokens;
  /**
   * Redis's password (stackRedisPassword): Redis is started with it, the apps get it as REDIS_PASSWORD,
   * and the sidecars read it from the secrets file of components/secretstore.yaml, which start() writes.
   */
  redisPassword: string;
  /** Environment for every app, over the process's own and dapr.yaml's. */
  env?: Record<string, string>;
  /** Use a Redis that already answers on the port, to the same password, instead of failing on a busy port. */
  reuseRedis?: boolean;
  healthTimeoutMs?: number;
}

const CONTROL_PLANE = ['redis', 'sentry', 'jaeger', 'placement', 'scheduler'];
/** `placement` for every placement node (`placement#2` …), an app id for each of its replicas. */
const serviceOf = (name: string): string => name.replace(/#\d+$/, '');

/**
 * Redis, sentry, placement, scheduler, and every app of dapr.yaml with its daprd sidecar, as child
 * processes. Start order follows dependencies; stop runs in reverse. Every Dapr process talks mTLS
 * with an identity signed by this stack's sentry, whose trust bundle (made by sentry at its first
 * start) lives in the data directory.
 */
export class Stack {
  private readonly children = new Map<string, ManagedProcess>();
  private readonly exitListeners: ((exit: ProcessExit) => void)[] = [];

  constructor(private readonly options: StackOptions) {}

  get definition(): StackDefinition {
    return this.options.definition;
  }

  /**
   * The process named `name`: redis, placement, scheduler, an app id, or `<app id>-daprd`; a replica's
   * are `<app id>#<k>` and `<app id>#<k>-daprd` (replicaName, sidecarName); in HA mode, control-plane
   * node k is `placement#<k>` and `scheduler#<k>` (controlPlaneNodeName).
   */
  process(name: string): ManagedProcess {
    const found = this.children.get(name);
    if (!found) throw new Error(`no process named '${name}'; known: ${[...this.children.keys()].join(', ')}`);
    return found;
  }

  /** Called when a process ends without being asked to. */
  onUnexpectedExit(listener: (exit: ProcessExit) => void): void {
    this.exitListeners.push(listener);
  }

  async start(): Promise<void> {
    const { definition } = this.options;
    const reuseRedis =
      this.options.reuseRedis === true && (await redisAnswers(definition.redisPort, this.options.redisPassword));
    if (this.options.reuseRedis === true && !reuseRedis && !(await isPortFree(definition.redisPort))) {
      throw new Error(
        `port ${definition.redisPort} (redis) is in use by ${describePortHolder(definition.redisPort)}, which does ` +
          `not let this stack in with its password (REDIS_PASSWORD; the stack's Redis asks for one): stop it, ` +
          'give its password in REDIS_PASSWORD, or run `npm start -- --free-ports`.',
      );
    }
    const jaegerPorts = new Set(jaegerPortsOf(definition).map((entry) => entry.port));
    const ports = portsOf(definition).filter(
      (entry) => !(reuseRedis && entry.port === definition.redisPort) && (this.tracing || !jaegerPorts.has(entry.port)),
    );
    await assertPortsFree(ports);
    writeDaprdConfiguration(
      definition.configFilePath,
      this.daprdConfigurationPath,
      this.tracing ? `127.0.0.1:${definition.jaeger.otlpHttpPort}` : undefined,
    );
    writeSecretsFile(definition.secretsFile, this.options.redisPassword);
    if (reuseRedis) {
      this.options.log('redis', `reusing the Redis already listening on port ${definition.redisPort}`);
    } else {
      await this.launch(this.redisSpec());
    }
    await this.launch(this.sentrySpec());
    if (this.options.jaegerBinary) {
      await this.launch(jaegerSpec(this.options.jaegerBinary, definition.rootDir, definition.jaeger));
    }
    await Promise.all([
      ...definition.placement.map((node, index) => this.launch(this.placementSpec(node, index + 1))),
      ...definition.scheduler.map((node, index) => this.launch(this.schedulerSpec(node, index + 1))),
    ]);
    await Promise.all(
      definition.apps.flatMap((app) => [this.launch(this.appSpec(app)), this.launch(this.sidecarSpec(app))]),
    );
  }

  /** Stops one process and starts it again, waiting until it is healthy. */
  async restart(name: string): Promise<void> {
    const target = this.process(name);
    await target.stop();
    target.start();
    await target.waitHealthy(this.healthTimeoutMs);
  }

  async stop(): Promise<void> {
    const order = this.processes().reverse();
    const sidecarsAndApps = order.filter((p) => !CONTROL_PLANE.includes(serviceOf(p.spec.name)));
    await Promise.all(sidecarsAndApps.map((p) => p.stop()));
    await Promise.all(order.filter((p) => !sidecarsAndApps.includes(p)).map((p) => p.stop()));
    // The password is this run's: nothing needs it once the stack is down.
    rmSync(this.options.definition.secretsFile, { force: true });
  }

  /** Everything the stack started, in start order. */
  processes(): ManagedProcess[] {
    return [...this.children.values()];
  }

  /** Process ids of everything the stack started that still runs. */
  pids(): number[] {
    return this.processes().flatMap((p) => (p.running && p.pid !== undefined ? [p.pid] : []));
  }

  private get tracing(): boolean {
    return this.options.jaegerBinary !== undefined;
  }

  // Beside the data, not in the repository: it differs from components/configuration.yaml in tracing.
  private get daprdConfigurationPath(): string {
    return join(this.dataDir('daprd'), 'configuration.yaml');
  }

  private get healthTimeoutMs(): number {
    return this.options.healthTimeoutMs ?? 60_000;
  }

  private async launch(spec: ProcessSpec): Promise<void> {
    const managed = new ManagedProcess(spec, this.options.log);
    managed.on('exit', (exit: ProcessExit) => this.exitListeners.forEach((listener) => listener(exit)));
    this.children.set(spec.name, managed);
    managed.start();
    await managed.waitHealthy(this.healthTimeoutMs);
  }

  private bin(name: string): string {
    return join(this.options.daprBinDir, name);
  }

  private dataDir(name: string): string {
    const dir = join(this.options.dataDir, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Where sentry keeps the stack's root and issuer certificates and keys. */
  private get credentialsDir(): string {
    return this.dataDir('sentry');
  }

  /** The root certificate every Dapr process trusts: sentry writes it at its first start. */
  private get trustAnchorsFile(): string {
    return join(this.credentialsDir, 'ca.crt');
  }

  private get sentryAddress(): string {
    return `127.0.0.1:${this.options.definition.sentry.port}`;
  }

  /** The flags that make a control-plane process serve mTLS with an identity from sentry. */
  private get controlPlaneTls(): string[] {
    return ['--tls-enabled', '--trust-anchors-file', this.trustAnchorsFile, '--sentry-address', this.sentryAddress];
  }

  private redisSpec(): ProcessSpec {
    const port = this.options.definition.redisPort;
    const { redisPassword } = this.options;
    return {
      name: 'redis',
      command: redisServerPath(),
      args: redisArgs(port, this.dataDir('redis'), redisPassword),
      health: () => redisAnswers(port, redisPassword),
    };
  }

  private sentrySpec(): ProcessSpec {
    const { sentry, logLevel, configFilePath } = this.options.definition;
    return {
      name: 'sentry',
      command: this.bin('sentry'),
      args: [
        '--issuer-credentials',
        this.credentialsDir,
        '--port',
        String(sentry.port),
        '--healthz-port',
        String(sentry.healthzPort),
        '--metrics-port',
        String(sentry.metricsPort),
        '--config',
        configFilePath,
        '--log-level',
        logLevel,
      ],
      health: httpProbe(`http://127.0.0.1:${sentry.healthzPort}/healthz`),
    };
  }

  /** Placement node `node` (from 1); its Raft id is dapr-placement-<node − 1>, as in Dapr's Helm chart. */
  private placementSpec(placement: PlacementDefinition, node: number): ProcessSpec {
    const { definition } = this.options;
    const raftId = (index: number): string => `dapr-placement-${index}`;
    return {
      name: controlPlaneNodeName('placement', node),
      command: this.bin('placement'),
      args: [
        '--port',
        String(placement.port),
        '--healthz-port',
        String(placement.healthzPort),
        '--metrics-port',
        String(placement.metricsPort),
        '--id',
        raftId(node - 1),
        '--initial-cluster',
        definition.placement.map((peer, index) => `${raftId(index)}=127.0.0.1:${peer.raftPort}`).join(','),
        ...this.controlPlaneTls,
        '--log-level',
        definition.logLevel,
      ],
      health: httpProbe(`http://127.0.0.1:${placement.healthzPort}/healthz`),
    };
  }

  /**
   * Scheduler node `node` (from 1); its etcd member is dapr-scheduler-server-<node − 1>, the names
   * scheduler's etcd accepts in peers' certificates. An HA cluster keeps its etcd data apart from
   * the single node's: etcd ignores the initial cluster once it has data, so a node that ran alone
   * would stay a cluster of its own.
   */
  private schedulerSpec(scheduler: SchedulerDefinition, node: number): ProcessSpec {
    const { definition } = this.options;
    const name = controlPlaneNodeName('scheduler', node);
    const memberName = (index: number): string => `dapr-scheduler-server-${index}`;
    return {
      name,
      command: this.bin('scheduler'),
      args: [
        '--port',
        String(scheduler.port),
        '--healthz-port',
        String(scheduler.healthzPort),
        '--metrics-port',
        String(scheduler.metricsPort),
        '--id',
        memberName(node - 1),
        '--etcd-data-dir',
        this.dataDir(isHighlyAvailable(definition) ? 'scheduler-ha' : 'scheduler'),
        '--etcd-client-port',
        String(scheduler.etcdClientPort),
        '--etcd-initial-cluster',
        definition.scheduler
          .map((peer, index) => `${memberName(index)}=http://127.0.0.1:${peer.etcdPeerPort}`)
          .join(','),
        ...this.controlPlaneTls,
        // Its default, under /tmp, would be shared by every stack on the machine. Scheduler makes the
        // last part a symbolic link to its newest identity, kept beside it.
        '--identity-directory-write',
        join(this.dataDir(`${name}-identity`), 'current'),
        '--log-level',
        definition.logLevel,
      ],
      health: httpProbe(`http://127.0.0.1:${scheduler.healthzPort}/healthz`),
    };
  }

  private appSpec(app: AppDefinition): ProcessSpec {
    const [command, ...args] = app.command;
    return {
      name: replicaName(app.appId, app.replica),
      command,
      args,
      cwd: app.cwd,
      env: {
        ...app.env,
        ...this.options.env,
        APP_ID: app.appId,
        APP_PORT: String(app.appPort),
        DAPR_HOST: '127.0.0.1',
        DAPR_HTTP_PORT: String(app.daprHttpPort),
        DAPR_GRPC_PORT: String(app.daprGrpcPort),
        // Apps read the Resiliency resource their sidecar applies (@daca/retry).
        DAPR_RESOURCES_PATH: this.options.definition.resourcesPath,
        REDIS_HOST: '127.0.0.1',
        REDIS_PORT: String(this.options.definition.redisPort),
        REDIS_PASSWORD: this.options.redisPassword,
        ...this.options.tokens,
        ...(this.tracing && { OTEL_EXPORTER_OTLP_ENDPOINT: otlpHttpEndpoint(this.options.definition.jaeger) }),
      },
      health: this.servedBySidecar(app),
    };
  }

  /**
   * The app answers its health endpoint and, while its daprd runs, daprd serves it too: daprd's app health
   * check has seen it healthy since it started (until then daprd refuses calls to it and hosts none of its
   * actors). Checked by the app invoking itself through daprd, which no access policy applies to.
   */
  private servedBySidecar(app: AppDefinition): HealthProbe {
    const path = this.options.definition.appHealthCheckPath;
    const direct = httpProbe(`http://127.0.0.1:${app.appPort}${path}`);
    const throughSidecar = httpProbe(
      `http://127.0.0.1:${app.daprHttpPort}/v1.0/invoke/${app.appId}/method${path}`,
      undefined,
      { 'dapr-api-token': this.options.tokens.DAPR_API_TOKEN },
    );
    return async () =>
      (await direct()) &&
      (this.children.get(sidecarName(app.appId, app.replica))?.running !== true || (await throughSidecar()));
  }

  private sidecarSpec(app: AppDefinition): ProcessSpec {
    const { definition } = this.options;
    return {
      name: sidecarName(app.appId, app.replica),
      command: this.bin('daprd'),
      // Relative paths in components/ (name resolution, secrets file) resolve against this directory.
      cwd: definition.rootDir,
      args: [
        '--app-id',
        app.appId,
        '--app-port',
        String(app.appPort),
        '--app-protocol',
        'http',
        '--app-channel-address',
        '127.0.0.1',
        '--dapr-listen-addresses',
        '127.0.0.1',
        '--dapr-http-port',
        String(app.daprHttpPort),
        '--dapr-grpc-port',
        String(app.daprGrpcPort),
        '--dapr-internal-grpc-port',
        String(app.daprInternalGrpcPort),
        '--metrics-port',
        String(app.metricsPort),
        // Every node: daprd finds placement's leader, and connects to each scheduler node.
        '--placement-host-address',
        definition.placement.map((node) => `127.0.0.1:${node.port}`).join(','),
        '--scheduler-host-address',
        definition.scheduler.map((node) => `127.0.0.1:${node.port}`).join(','),
        '--resources-path',
        definition.resourcesPath,
        '--config',
        this.daprdConfigurationPath,
        '--enable-app-health-check',
        '--app-health-check-path',
        definition.appHealthCheckPath,
        '--app-health-probe-interval',
        String(definition.appHealthProbe.intervalSeconds),
        '--app-health-threshold',
        String(definition.appHealthProbe.threshold),
        '--enable-mtls',
        '--sentry-address',
        this.sentryAddress,
        '--log-level',
        definition.logLevel,
      ],
      // daprd reads its tokens and trust anchors from these variables only.
      env: { ...this.options.tokens, DAPR_TRUST_ANCHORS: readFileSync(this.trustAnchorsFile, 'utf8') },
      health: httpProbe(`http://127.0.0.1:${app.daprHttpPort}/v1.0/healthz`),
    };
  }
}

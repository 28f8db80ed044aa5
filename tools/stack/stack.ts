import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { httpProbe, ManagedProcess, type LogSink, type ProcessExit, type ProcessSpec } from './managed-process';
import { assertPortsFree } from './ports';
import { redisAnswers, redisArgs, redisServerPath } from './redis';
import { portsOf, replicaName, sidecarName, type AppDefinition, type StackDefinition } from './stack-definition';

export interface StackOptions {
  definition: StackDefinition;
  /** Directory holding daprd, placement and scheduler (tools/dapr/install.sh prints it). */
  daprBinDir: string;
  /** Redis data and scheduler etcd data live here. */
  dataDir: string;
  log: LogSink;
  /** Environment for every app, over the process's own and dapr.yaml's. */
  env?: Record<string, string>;
  /** Use a Redis that already answers on the port instead of failing on a busy port. */
  reuseRedis?: boolean;
  healthTimeoutMs?: number;
}

/**
 * Redis, placement, scheduler, and every app of dapr.yaml with its daprd sidecar, as child processes.
 * Start order follows dependencies; stop runs in reverse.
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
   * are `<app id>#<k>` and `<app id>#<k>-daprd` (replicaName, sidecarName).
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
    const reuseRedis = this.options.reuseRedis === true && (await redisAnswers(definition.redisPort));
    const ports = portsOf(definition).filter((entry) => !(reuseRedis && entry.port === definition.redisPort));
    await assertPortsFree(ports);
    if (reuseRedis) {
      this.options.log('redis', `reusing the Redis already listening on port ${definition.redisPort}`);
    } else {
      await this.launch(this.redisSpec());
    }
    await Promise.all([this.launch(this.placementSpec()), this.launch(this.schedulerSpec())]);
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
    const sidecarsAndApps = order.filter((p) => !['redis', 'placement', 'scheduler'].includes(p.spec.name));
    await Promise.all(sidecarsAndApps.map((p) => p.stop()));
    await Promise.all(order.filter((p) => !sidecarsAndApps.includes(p)).map((p) => p.stop()));
  }

  /** Everything the stack started, in start order. */
  processes(): ManagedProcess[] {
    return [...this.children.values()];
  }

  /** Process ids of everything the stack started that still runs. */
  pids(): number[] {
    return this.processes().flatMap((p) => (p.running && p.pid !== undefined ? [p.pid] : []));
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

  private redisSpec(): ProcessSpec {
    const port = this.options.definition.redisPort;
    return {
      name: 'redis',
      command: redisServerPath(),
      args: redisArgs(port, this.dataDir('redis')),
      health: () => redisAnswers(port),
    };
  }

  private placementSpec(): ProcessSpec {
    const { placement, logLevel } = this.options.definition;
    return {
      name: 'placement',
      command: this.bin('placement'),
      args: [
        '--port',
        String(placement.port),
        '--healthz-port',
        String(placement.healthzPort),
        '--metrics-port',
        String(placement.metricsPort),
        '--initial-cluster',
        `dapr-placement-0=127.0.0.1:${placement.raftPort}`,
        '--log-level',
        logLevel,
      ],
      health: httpProbe(`http://127.0.0.1:${placement.healthzPort}/healthz`),
    };
  }

  private schedulerSpec(): ProcessSpec {
    const { scheduler, logLevel } = this.options.definition;
    return {
      name: 'scheduler',
      command: this.bin('scheduler'),
      args: [
        '--port',
        String(scheduler.port),
        '--healthz-port',
        String(scheduler.healthzPort),
        '--metrics-port',
        String(scheduler.metricsPort),
        '--etcd-data-dir',
        this.dataDir('scheduler'),
        '--etcd-client-port',
        String(scheduler.etcdClientPort),
        '--etcd-initial-cluster',
        `dapr-scheduler-server-0=http://127.0.0.1:${scheduler.etcdPeerPort}`,
        '--log-level',
        logLevel,
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
      },
      health: httpProbe(`http://127.0.0.1:${app.appPort}${this.options.definition.appHealthCheckPath}`),
    };
  }

  private sidecarSpec(app: AppDefinition): ProcessSpec {
    const { definition } = this.options;
    return {
      name: sidecarName(app.appId, app.replica),
      command: this.bin('daprd'),
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
        '--metrics-port',
        String(app.metricsPort),
        '--placement-host-address',
        `127.0.0.1:${definition.placement.port}`,
        '--scheduler-host-address',
        `127.0.0.1:${definition.scheduler.port}`,
        '--resources-path',
        definition.resourcesPath,
        '--config',
        definition.configFilePath,
        '--enable-app-health-check',
        '--app-health-check-path',
        definition.appHealthCheckPath,
        '--log-level',
        definition.logLevel,
      ],
      health: httpProbe(`http://127.0.0.1:${app.daprHttpPort}/v1.0/healthz`),
    };
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';

/** Writes one line of a process's output; the stack prefixes it with the process's name. */
export type LogSink = (name: string, line: string) => void;

/** Resolves when the process answers; a health probe never throws, it says false. */
export type HealthProbe = () => Promise<boolean>;

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
  health: HealthProbe;
}

export interface ProcessExit {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

const STOP_GRACE_MS = 10_000;

export function httpProbe(
  url: string,
  accept: (status: number) => boolean = (s) => s < 300,
  headers: Record<string, string> = {},
): HealthProbe {
  return async () => {
    try {
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(2_000) });
      return accept(response.status);
    } catch {
      return false;
    }
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A child process of the stack. It runs in its own process group, under `setpriv --pdeathsig KILL`
 * so that it dies with the launcher even when the launcher is killed with SIGKILL.
 * Emits 'exit' (ProcessExit) when it ends without having been asked to.
 */
export class ManagedProcess extends EventEmitter {
  private child?: ChildProcess;
  private stopping = false;
  private exited?: Promise<ProcessExit>;

  constructor(
    readonly spec: ProcessSpec,
    private readonly log: LogSink,
  ) {
    super();
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    const { name, command, args, cwd, env } = this.spec;
    this.stopping = false;
    const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', command, ...args], {
      cwd,
      env: { ...process.env, ...env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => this.log(name, line));
    }
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        const exit: ProcessExit = { name, code, signal };
        if (!this.stopping) this.emit('exit', exit);
        resolve(exit);
      });
    });
    child.once('error', (error) => this.log(name, `could not start ${command}: ${error.message}`));
  }

  /** Polls the health probe until it answers, the process dies, or the timeout passes. */
  async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.spec.name} exited before it became healthy (see its log above)`);
      if (await this.spec.health()) return;
      await sleep(200);
    }
    throw new Error(`${this.spec.name} was not healthy after ${timeoutMs / 1000}s (see its log above)`);
  }

  /** SIGTERM to the process group, SIGKILL after a grace period; resolves with how it ended (undefined: not running). */
  async stop(graceMs = STOP_GRACE_MS): Promise<ProcessExit | undefined> {
    if (!this.running) return undefined;
    this.stopping = true;
    this.signalGroup('SIGTERM');
    const killed = setTimeout(() => this.signalGroup('SIGKILL'), graceMs);
    const exit = await this.exited;
    clearTimeout(killed);
    return exit;
  }

  /** SIGKILL, as a crash would: for fault tests. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this.signalGroup('SIGKILL');
    await this.exited;
  }

  /** Sends a signal to the whole process group (e.g. SIGSTOP/SIGCONT to freeze a process). */
  signalGroup(signal: NodeJS.Signals): void {
    if (this.child?.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // Already gone.
    }
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { E2eStack } from '../test/support/e2e-stack';

/** One fault: a process killed with SIGKILL, and when it was started again and answered its health check. */
export interface Fault {
  process: string;
  killedAt: number;
  healthyAt: number;
}

/** A small seeded generator (mulberry32), so that a soak's sequence of faults can be run again. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Kills one of `targets` at random every `everyMs` with SIGKILL, and starts it again `downMs` later,
 * one fault at a time, until stopped.
 */
export class Chaos {
  private readonly faults: Fault[] = [];
  private stopped = false;
  private readonly running: Promise<void>;

  constructor(
    private readonly e2e: E2eStack,
    private readonly targets: string[],
    private readonly timing: { everyMs: number; downMs: number },
    private readonly random: () => number,
    private readonly progress: (line: string) => void,
  ) {
    this.running = this.run();
  }

  /** Ends the faults (the one in progress is completed); resolves with every fault once all processes are back. */
  async stop(): Promise<Fault[]> {
    this.stopped = true;
    await this.running;
    return this.faults;
  }

  private async run(): Promise<void> {
    const started = performance.now();
    while (!this.stopped) {
      await this.sleepUnlessStopped(this.timing.everyMs);
      if (this.stopped) return;
      const target = this.targets[Math.floor(this.random() * this.targets.length)];
      const killedAt = performance.now();
      this.progress(`+${((killedAt - started) / 1000).toFixed(0)} s: kill -9 ${target}`);
      await this.e2e.stack.process(target).kill();
      await sleep(this.timing.downMs);
      await this.e2e.stack.restart(target);
      const healthyAt = performance.now();
      this.progress(`  ${target} healthy again ${((healthyAt - killedAt) / 1000).toFixed(1)} s after the kill`);
      this.faults.push({ process: target, killedAt, healthyAt });
    }
  }

  private async sleepUnlessStopped(ms: number): Promise<void> {
    const until = performance.now() + ms;
    while (!this.stopped && performance.now() < until) await sleep(Math.min(250, until - performance.now()));
  }
}

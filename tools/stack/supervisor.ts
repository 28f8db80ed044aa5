import type { ProcessExit } from './managed-process';
import { RestartPolicy } from './restart-policy';
import type { Stack } from './stack';

/** What the supervisor needs of the stack. */
export type SupervisedStack = Pick<Stack, 'onUnexpectedExit' | 'restart' | 'process'>;

export interface SupervisorOptions {
  /** The processes to restart when they crash; a crash of any other stops the stack. */
  supervised: string[];
  say: (line: string) => void;
  /** Stops the stack, saying why: a process that is not supervised crashed, or one crashes in a loop. */
  giveUp: (reason: string) => void;
  policy?: RestartPolicy;
}

const ORDINALS = ['1st', '2nd', '3rd'];
const ordinal = (n: number): string => ORDINALS[n - 1] ?? `${n}th`;
const describeExit = ({ code, signal }: ProcessExit): string =>
  signal ? `was killed by ${signal}` : `exited with code ${code}`;

/**
 * Restarts crashed processes of replicated apps, with backoff, while their other replicas serve; stops
 * the stack on the crash of any other process, or on a crash loop.
 */
export class Supervisor {
  private readonly policy: RestartPolicy;
  private readonly pending = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly stack: SupervisedStack,
    private readonly options: SupervisorOptions,
  ) {
    this.policy = options.policy ?? new RestartPolicy();
    stack.onUnexpectedExit((exit) => this.onExit(exit));
  }

  /** No more restarts: the stack is being stopped. */
  stop(): void {
    this.stopped = true;
    this.pending.forEach(clearTimeout);
    this.pending.clear();
  }

  private onExit(exit: ProcessExit): void {
    if (this.stopped) return;
    const { name } = exit;
    const how = describeExit(exit);
    if (!this.options.supervised.includes(name)) {
      this.options.giveUp(`${name} ${how} (its last log lines are above)`);
      return;
    }
    const decision = this.policy.decide(name);
    if (!decision.restart) {
      this.options.giveUp(
        `${name} ${how} after ${decision.restarts} restarts in the last minute: a crash loop (its last log lines are above)`,
      );
      return;
    }
    this.options.say(
      `${name} ${how}; restarting in ${decision.delayMs / 1000} s (${ordinal(decision.nth)} restart in the last minute)`,
    );
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      void this.restart(name);
    }, decision.delayMs);
    this.pending.add(timer);
  }

  private async restart(name: string): Promise<void> {
    try {
      await this.stack.restart(name);
      if (!this.stopped) this.options.say(`${name} is healthy again (pid ${this.stack.process(name).pid})`);
    } catch (error) {
      // A process that dies before it is healthy comes back through onExit, and counts as a crash.
      if (!this.stopped) this.options.say(`${name}: ${(error as Error).message}`);
    }
  }
}

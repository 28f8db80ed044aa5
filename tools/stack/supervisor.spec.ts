import type { ProcessExit } from './managed-process';
import { Supervisor, type SupervisedStack } from './supervisor';

/** A stack whose processes crash on demand and come back at once. */
class CrashingStack implements SupervisedStack {
  readonly restarted: string[] = [];
  private listener: (exit: ProcessExit) => void = () => undefined;

  onUnexpectedExit(listener: (exit: ProcessExit) => void): void {
    this.listener = listener;
  }

  restart(name: string): Promise<void> {
    this.restarted.push(name);
    return Promise.resolve();
  }

  process(): ReturnType<SupervisedStack['process']> {
    return { pid: 4242 } as ReturnType<SupervisedStack['process']>;
  }

  crash(name: string, signal: NodeJS.Signals | null = 'SIGKILL', code: number | null = null): void {
    this.listener({ name, code, signal });
  }
}

describe('Supervisor', () => {
  let stack: CrashingStack;
  let said: string[];
  let reasons: string[];

  beforeEach(() => {
    jest.useFakeTimers();
    stack = new CrashingStack();
    said = [];
    reasons = [];
    new Supervisor(stack, {
      supervised: ['chat-agent#2', 'chat-agent#2-daprd'],
      say: (line) => said.push(line),
      giveUp: (reason) => reasons.push(reason),
    });
  });

  afterEach(() => jest.useRealTimers());

  it('restarts a crashed replica after a backoff, and says so', async () => {
    stack.crash('chat-agent#2-daprd', null, 137);
    expect(said).toEqual([
      'chat-agent#2-daprd exited with code 137; restarting in 0.5 s (1st restart in the last minute)',
    ]);
    await jest.advanceTimersByTimeAsync(499);
    expect(stack.restarted).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(stack.restarted).toEqual(['chat-agent#2-daprd']);
    expect(said[1]).toBe('chat-agent#2-daprd is healthy again (pid 4242)');
    expect(reasons).toEqual([]);
  });

  it('stops the stack when a process that is not replicated crashes', () => {
    stack.crash('callee-app');
    expect(reasons).toEqual(['callee-app was killed by SIGKILL (its last log lines are above)']);
  });

  it('stops the stack on the sixth crash of one process within a minute', async () => {
    for (let crash = 0; crash < 5; crash++) {
      stack.crash('chat-agent#2');
      await jest.advanceTimersByTimeAsync(8_000);
    }
    expect(said.filter((line) => line.includes('restarting in'))).toHaveLength(5);
    expect(said[4]).toBe('chat-agent#2 was killed by SIGKILL; restarting in 2 s (3rd restart in the last minute)');
    stack.crash('chat-agent#2');
    expect(reasons).toEqual([
      'chat-agent#2 was killed by SIGKILL after 5 restarts in the last minute: a crash loop (its last log lines are above)',
    ]);
  });
});

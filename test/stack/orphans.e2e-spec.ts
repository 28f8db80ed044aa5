import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT_DIR } from '../support/e2e-stack';
import { isAlive } from '../support/process-table';

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

describe('a test run killed with SIGKILL', () => {
  it('leaves no process of its stack behind', async () => {
    const holder = spawn(process.execPath, ['--import', 'tsx', join(ROOT_DIR, 'test/support/hold-stack.ts')], {
      cwd: ROOT_DIR,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(createInterface({ input: holder.stdout }), 'line')) as [string];
    const pids = JSON.parse(line) as number[];
    expect(pids).toHaveLength(6); // redis, sentry, placement, scheduler, callee-app, its daprd
    expect(pids.every(isAlive)).toBe(true);

    holder.kill('SIGKILL');

    expect(await waitUntil(() => !pids.some(isAlive), 10_000)).toBe(true);
  });
});

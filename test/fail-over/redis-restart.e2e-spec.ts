import type Redis from 'ioredis';
import { stackRedis } from '../support/stack-redis';
import { keepEveryMessage } from '../scale-out/chat-load';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { faultUnderLoad } from './fault-under-load';

// One message per actor id: an actor caches its state for its activation and writes its whole history
// back on every turn, so a later message to the same id would rewrite what a Redis without its
// append-only file had lost (it did: the test passed with the file off).
const LOAD = { ratePerS: 15, actorIds: 240, idPrefix: 'redis-restart', loadMs: 15_000, faultAfterMs: 4_000 };
// Measured: see README (Fail-over, measured); the bound leaves room for a loaded machine.
const RECOVERY_BOUND_MS = 10_000;

describe('Redis killed with SIGKILL and restarted under load (AOF, appendfsync everysec)', () => {
  let e2e: E2eStack;
  let redis: Redis;

  beforeAll(async () => {
    e2e = await startE2eStack({ apps: ['chat-agent'], env: keepEveryMessage(LOAD, LOAD.loadMs) });
    // Reconnects by itself once Redis is back; the test reads through it only after the restart.
    redis = stackRedis(e2e);
  });

  afterAll(async () => {
    redis?.disconnect();
    await e2e?.stop();
  });

  it('still holds every message answered 200 once Redis has restarted from its append-only file', async () => {
    const redisProcess = e2e.stack.process('redis');
    const pidBefore = redisProcess.pid;
    let downMs = 0;
    const run = await faultUnderLoad(e2e.app('chat-agent'), redis, LOAD, async () => {
      const killedAt = performance.now();
      await redisProcess.kill();
      await e2e.stack.restart('redis');
      downMs = performance.now() - killedAt;
    });
    const [, appendfsync] = (await redis.config('GET', 'appendfsync')) as string[];
    process.stdout.write(
      `redis restart: redis (pid ${pidBefore}) killed with SIGKILL and restarted (pid ${redisProcess.pid}, ` +
        `appendfsync ${appendfsync}), answering again ${(downMs / 1000).toFixed(2)} s after the kill; ${run.summary}\n`,
    );
    expect(redisProcess.pid).not.toBe(pidBefore);
    expect(run.requests.filter((request) => request.outcome === 200).length).toBeGreaterThan(0);
    expect(run.lost).toEqual([]);
    expect(run.recoveryMs).toBeLessThan(RECOVERY_BOUND_MS);
  });
});

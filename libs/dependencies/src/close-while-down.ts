import type { Queue, Worker } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dependency } from './dependency';

/**
 * Before a shutdown: while `redis` is down, cancels the jobs BullMQ workers run (processors that take
 * BullMQ's AbortSignal stop their calls) and closes the workers without waiting for them, then their
 * queues. Nothing in flight can finish without Redis, and a graceful close would wait for it to come
 * back; a job cut off this way is picked up again as stalled once Redis and the app are back.
 * Closing again later (as @nestjs/bullmq does) returns at once.
 */
export async function closeWhileDown(redis: Dependency, workers: Worker[], queues: Queue[]): Promise<void> {
  // Redis may have gone a moment ago, before any connection noticed: ask it.
  if (redis.state.up && (await answers(queues))) return;
  for (const worker of workers) worker.cancelAllJobs('the app is shutting down while Redis is unreachable');
  await Promise.all(workers.map((worker) => worker.close(true)));
  await Promise.all(queues.map((queue) => queue.close()));
}

const PING_TIMEOUT_MS = 500;

/** Whether Redis answers a round trip on a queue's connection within a moment (a down Redis never does). */
async function answers(queues: Queue[]): Promise<boolean> {
  if (queues.length === 0) return true;
  const roundTrip = queues[0].count().then(() => true);
  return Promise.race([roundTrip.catch(() => false), sleep(PING_TIMEOUT_MS).then(() => false)]);
}

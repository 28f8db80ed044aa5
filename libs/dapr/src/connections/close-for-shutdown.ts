import type { Queue, Worker } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dependency } from './dependency';

/**
 * Closes BullMQ workers and queues for a shutdown within its deadline. The jobs the workers run are
 * cancelled first (processors that take BullMQ's AbortSignal stop their calls): a job may take far
 * longer than any shutdown deadline, and BullMQ runs it again after the restart, as its retry policy
 * says. While Redis is down the connections are closed at once: a graceful close would wait for Redis
 * to come back. Closing again later (as @nestjs/bullmq does) returns at once.
 */
export async function closeForShutdown(redis: Dependency, workers: Worker[], queues: Queue[]): Promise<void> {
  // Redis may have gone a moment ago, before any connection noticed: ask it.
  const reachable = redis.state.up && (await answers(queues));
  for (const worker of workers) worker.cancelAllJobs('the app is shutting down');
  await Promise.all(workers.map((worker) => worker.close(!reachable)));
  // Queue#close sends QUIT, which waits for Redis to come back: without it, close the connections at once.
  if (!reachable) await Promise.all(queues.map((queue) => queue.getBackend().close(true)));
  await Promise.all(queues.map((queue) => queue.close()));
}

const ROUND_TRIP_TIMEOUT_MS = 500;

/** Whether Redis answers a round trip on a queue's connection within a moment (a down Redis never does). */
async function answers(queues: Queue[]): Promise<boolean> {
  if (queues.length === 0) return true;
  const roundTrip = queues[0].count().then(() => true);
  return Promise.race([roundTrip.catch(() => false), sleep(ROUND_TRIP_TIMEOUT_MS).then(() => false)]);
}

import type { Queue, Worker } from 'bullmq';
import type { Dependency } from './dependency';

/**
 * Before a shutdown: while `redis` is down, cancels the jobs BullMQ workers run (processors that take
 * BullMQ's AbortSignal stop their calls) and closes the workers without waiting for them, then their
 * queues. Nothing in flight can finish without Redis, and a graceful close would wait for it to come
 * back; a job cut off this way is picked up again as stalled once Redis and the app are back.
 * Closing again later (as @nestjs/bullmq does) returns at once.
 */
export async function closeWhileDown(redis: Dependency, workers: Worker[], queues: Queue[]): Promise<void> {
  if (redis.state.up) return;
  for (const worker of workers) worker.cancelAllJobs('the app is shutting down while Redis is unreachable');
  await Promise.all(workers.map((worker) => worker.close(true)));
  await Promise.all(queues.map((queue) => queue.close()));
}

import type { ConnectionOptions } from 'bullmq';
import type { RedisAddress } from './redis-address';

// BullMQ's own default backs off to 20 s between attempts: after an outage the app would stay not
// ready for that long. One attempt a second costs nothing while Redis is down (the log is bounded).
const RECONNECT_INTERVAL_MS = 1_000;

/** Connection options of BullMQ queues and workers on the app's Redis. */
export function bullMqConnection(redis: RedisAddress): ConnectionOptions {
  return {
    ...redis,
    // Workers block on Redis for as long as it takes: BullMQ asks for no per-request limit.
    maxRetriesPerRequest: null,
    retryStrategy: () => RECONNECT_INTERVAL_MS,
  };
}

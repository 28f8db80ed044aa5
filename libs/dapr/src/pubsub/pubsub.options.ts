import type { RedisAddress } from '../connections/redis-address';
import type { RetryPolicy } from '../retry/retry-policy';

/** How this app publishes events: `DaprModuleOptions.pubsub`. */
export interface PubSubOptions {
  /** Where the durable outbox of events to publish is kept (a BullMQ queue). */
  redis: RedisAddress;
  /** How publishing an event is retried until the sidecar accepts it (default: exponential, 1 s to 30 s, 10 000 attempts). */
  publishRetryPolicy?: RetryPolicy;
  /** The outbox's BullMQ queue (default `{appId}-event-outbox`). */
  outboxQueue?: string;
}

/** About three days at the longest interval: long enough to outlive any sidecar or broker outage. */
export const DEFAULT_PUBLISH_RETRY_POLICY: RetryPolicy = {
  name: 'eventPublishRetry',
  policy: 'exponential',
  initialIntervalMs: 1_000,
  maxIntervalMs: 30_000,
  maxRetries: 9_999,
};

import { registerAs } from '@nestjs/config';
import { IsInt, Min } from 'class-validator';
import { IsDuration, validateEnv } from '@daca/config';
import { parseDuration, type RetryPolicy } from '@daca/dapr';

class PubSubEnv {
  /** About three days at the longest interval: long enough to outlive any sidecar or broker outage. */
  @IsInt() @Min(1) EVENTS_PUBLISH_ATTEMPTS: number = 10_000;
  @IsDuration() EVENTS_PUBLISH_INITIAL_INTERVAL: string = '1s';
  @IsDuration() EVENTS_PUBLISH_MAX_INTERVAL: string = '30s';
}

/** The durable outbox's retry policy for publishing events through the sidecar. */
export const pubsubConfig = registerAs('pubsub', () => {
  const env = validateEnv('pubsub', PubSubEnv);
  const publishRetryPolicy: RetryPolicy = {
    name: 'eventPublishRetry',
    policy: 'exponential',
    initialIntervalMs: parseDuration(env.EVENTS_PUBLISH_INITIAL_INTERVAL),
    maxIntervalMs: parseDuration(env.EVENTS_PUBLISH_MAX_INTERVAL),
    maxRetries: env.EVENTS_PUBLISH_ATTEMPTS - 1,
  };
  return { publishRetryPolicy };
});

export type PubSubConfig = ReturnType<typeof pubsubConfig>;

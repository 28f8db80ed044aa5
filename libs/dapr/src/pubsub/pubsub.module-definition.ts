import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { RedisConfig } from '@daca/config';
import type { RetryPolicy } from '@daca/retry';

export interface PubSubModuleOptions {
  /** Where the durable outbox of events to publish is kept (a BullMQ queue). */
  redis: RedisConfig;
  /** How publishing an event is retried until the sidecar accepts it. */
  publishRetryPolicy: RetryPolicy;
}

export const { ConfigurableModuleClass: PubSubModuleBase, MODULE_OPTIONS_TOKEN: PUBSUB_MODULE_OPTIONS } =
  new ConfigurableModuleBuilder<PubSubModuleOptions>().setClassMethodName('forRoot').build();

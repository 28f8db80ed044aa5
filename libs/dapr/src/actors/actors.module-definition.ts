import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { RetryPolicy } from '@daca/retry';
import type { ActorRuntimeOptions } from './actor-runtime.options';

export interface ActorsModuleOptions {
  runtime: ActorRuntimeOptions;
  /** The shared retry policy for actor state reads and writes. */
  stateRetryPolicy: RetryPolicy;
  /** How long one state operation attempt may take before it counts as failed. */
  stateAttemptTimeoutMs: number;
}

export const { ConfigurableModuleClass: ActorsModuleBase, MODULE_OPTIONS_TOKEN: ACTORS_MODULE_OPTIONS } =
  new ConfigurableModuleBuilder<ActorsModuleOptions>().setClassMethodName('forRoot').build();

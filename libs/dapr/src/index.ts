// The public API of @daca/dapr; everything else is internal. Each name is documented where it is defined.

// The module and its options
export { DaprModule } from './dapr.module';
export type { DaprMetricsOptions, DaprModuleOptions } from './dapr-module.options';

// The sidecar
export { DaprSidecar, type SidecarLane, type SidecarRequestInit } from './sidecar/dapr-sidecar';
export { SidecarAnswer } from './sidecar/sidecar-answer';
export { DaprSidecarHealthIndicator } from './sidecar/dapr-sidecar.health';
export { isCircuitBreakerRefusal } from './sidecar/circuit-breaker-refusal';
export { isSidecarCallback } from './sidecar/sidecar-callback';
export { hostedActorTypes } from './sidecar/hosted-actor-types';
export { acceptDaprBodies } from './sidecar/accept-dapr-bodies';

// The request's context, carried into every sidecar call and through queued work
export { CORRELATION_ID_HEADER, RequestContext, type RequestContextData } from './context/request-context';
export { carryContext, resumeContext, type CarriedContext } from './context/carried-context';

// Actors
export { Actor } from './actors/actor';
export { DaprActor, OnReminder, OnTimer } from './actors/actor.decorators';
export { defineActorContract, type ActorApi, type ActorContract } from './actors/actor-contract';
export { ActorClient, type ActorCallOptions } from './actors/actor-client';
export type { ActorState } from './actors/actor-state';
export type { ActorScheduler, ReminderSchedule, TimerSchedule } from './actors/actor-scheduler';
export { ACTOR_ID_PATTERN, ActorIdParams, IsActorId, MAX_ACTOR_ID_LENGTH } from './actors/actor-id';
export {
  ActorCallError,
  ActorCallTimeoutError,
  ActorCircuitOpenError,
  ActorNotFoundError,
  ActorOverloadedError,
  ActorStackDepthError,
} from './actors/actor-errors';
export type { ActorsOptions } from './actors/actors.options';
export type { ActorRuntimeOptions, ActorTypeOverride, ReentrancyOptions } from './actors/actor-runtime.options';

// Pub/sub
export { connectDaprPubSub } from './pubsub/connect-dapr-pubsub';
export { DaprEventPublisher } from './pubsub/dapr-event.publisher';
export { DaprPubSubServer } from './pubsub/dapr-pubsub.server';
export { DaprEventContext } from './pubsub/dapr-event.context';
export { deliveryRoute, type DaprTopic } from './pubsub/dapr-topic';
export { DropEventException } from './pubsub/drop-event.exception';
export { EventPayloadPipe } from './pubsub/event-payload.pipe';
export type { CloudEvent } from './pubsub/cloud-event';
export type { DeliveryStatus } from './pubsub/delivery-status';
export type { PubSubOptions } from './pubsub/pubsub.options';

// Service invocation
export { ServiceInvoker } from './invocation/service-invoker';
export {
  InvocationFailedException,
  type InvocationFailure,
  type UpstreamDetails,
} from './invocation/invocation-failed.exception';
export type { AppTargetPolicies, InvocationOptions, InvocationPolicies } from './invocation/invocation.options';

// Retries under Dapr's retry-policy model
export {
  retriesStatus,
  retryDelayMs,
  type RetryPolicy,
  type StatusCodeRanges,
  type UnboundedRetry,
} from './retry/retry-policy';
export { RetryRunner, type RetryLabels, type RetryOptions } from './retry/retry-runner';
export { RetryMetrics } from './retry/retry-metrics';
export { RetryExhaustedError } from './retry/retry-exhausted.error';

// Go durations, as Dapr writes them
export { DURATION_FORMAT_HINT, formatDuration, parseDuration } from './duration';

// The app's dependencies on Redis (the outbox's, and the app's own BullMQ queues)
export { Dependency, REPORT_INTERVAL_MS, type DependencyState } from './connections/dependency';
export { DependencyMonitor } from './connections/dependency-monitor';
export type { RedisAddress } from './connections/redis-address';
export { bullMqConnection } from './connections/bullmq-connection';
export { watchBullMq } from './connections/watch-bullmq';
export { closeForShutdown } from './connections/close-for-shutdown';

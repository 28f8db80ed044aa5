import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { register } from 'prom-client';
import { ActorCallbackController } from './actors/actor-callback.controller';
import { ActorClient } from './actors/actor-client';
import { ActorHost } from './actors/actor-host';
import { ActorMetrics } from './actors/actor-metrics';
import { ActorStateStore } from './actors/actor-state-store';
import { ActorTurnQueue } from './actors/actor-turn-queue';
import { ACTORS_OPTIONS, DEFAULT_ACTORS_OPTIONS } from './actors/actors.options';
import { CallChainDepthGuard } from './actors/call-chain-depth.guard';
import { DaprConfigController } from './actors/dapr-config.controller';
import { ReminderDueTimes } from './actors/reminder-due-times';
import type { DaprModuleOptions } from './dapr-module.options';
import { DAPR_MODULE_OPTIONS, DaprModuleBase } from './dapr.module-definition';
import { ServiceInvoker } from './invocation/service-invoker';
import { DaprMetricsRegistry } from './metrics/dapr-metrics-registry';
import { DaprEventPublisher } from './pubsub/dapr-event.publisher';
import { DaprPubSubServer } from './pubsub/dapr-pubsub.server';
import { EventOutbox } from './pubsub/event-outbox';
import { PubSubDeliveryController } from './pubsub/pubsub-delivery.controller';
import { PubSubMetrics } from './pubsub/pubsub-metrics';
import { RetryMetrics } from './retry/retry-metrics';
import { RetryRunner } from './retry/retry-runner';
import { DaprSidecar } from './sidecar/dapr-sidecar';
import { HttpDaprSidecar } from './sidecar/http-dapr-sidecar';
import { DaprSidecarHealthIndicator } from './sidecar/dapr-sidecar.health';

/** What series names start with unless `metrics.prefix` says otherwise. */
const DEFAULT_METRICS_PREFIX = 'daca_';

/**
 * Dapr for a Nest app, configured once with `DaprModule.forRoot(options)` or
 * `DaprModule.forRootAsync({ imports, inject, useFactory })`:
 * - the app's sidecar (DaprSidecar) and its readiness check (DaprSidecarHealthIndicator);
 * - actors: every `@DaprActor` class among the app's providers is hosted (daprd's callback protocol
 *   and `GET /dapr/config` on the app's HTTP server), and ActorClient calls any actor;
 * - pub/sub: DaprEventPublisher (durable, through an outbox in Redis) and the DaprPubSubServer
 *   transport for `@EventPattern` handlers (connect it with `connectDaprPubSub(app)`);
 * - service invocation: ServiceInvoker;
 * - in-process retries under Dapr's retry-policy model: RetryRunner, RetryMetrics;
 * - sidecar calls made within a RequestContext (the HTTP layer runs each request in one: libs/service)
 *   carry its correlation id and trace context; carryContext and resumeContext carry them through
 *   queued work.
 */
@Global()
@Module({
  imports: [DiscoveryModule, TerminusModule],
  controllers: [ActorCallbackController, DaprConfigController, PubSubDeliveryController],
  providers: [
    {
      provide: DaprMetricsRegistry,
      inject: [DAPR_MODULE_OPTIONS],
      useFactory: ({ metrics }: DaprModuleOptions) =>
        new DaprMetricsRegistry(metrics?.registry ?? register, metrics?.prefix ?? DEFAULT_METRICS_PREFIX),
    },
    {
      provide: ACTORS_OPTIONS,
      inject: [DAPR_MODULE_OPTIONS],
      useFactory: ({ actors }: DaprModuleOptions) => actors ?? DEFAULT_ACTORS_OPTIONS,
    },
    { provide: DaprSidecar, useClass: HttpDaprSidecar },
    DaprSidecarHealthIndicator,
    RetryMetrics,
    RetryRunner,
    ActorHost,
    ActorClient,
    ActorTurnQueue,
    ActorMetrics,
    ActorStateStore,
    CallChainDepthGuard,
    ReminderDueTimes,
    DaprEventPublisher,
    DaprPubSubServer,
    EventOutbox,
    PubSubMetrics,
    ServiceInvoker,
  ],
  exports: [
    DaprSidecar,
    DaprSidecarHealthIndicator,
    RetryMetrics,
    RetryRunner,
    ActorClient,
    DaprEventPublisher,
    DaprPubSubServer,
    ServiceInvoker,
  ],
})
export class DaprModule extends DaprModuleBase {}

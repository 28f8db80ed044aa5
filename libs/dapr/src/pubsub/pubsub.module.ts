import { Global, Module } from '@nestjs/common';
import { EventFaultInjector, PublishFaultInjector } from '../faults';
import { DaprEventPublisher } from './dapr-event.publisher';
import { DaprPubSubServer } from './dapr-pubsub.server';
import { EventOutbox } from './event-outbox';
import { PubSubDeliveryController } from './pubsub-delivery.controller';
import { PubSubMetrics } from './pubsub-metrics';
import { PubSubModuleBase } from './pubsub.module-definition';

/**
 * Dapr pub/sub for a Nest app: DaprEventPublisher (durable, through a BullMQ outbox) and the
 * DaprPubSubServer transport that serves `@EventPattern` handlers on the app's HTTP server
 * (connect it with `connectDaprPubSub(app)`).
 */
@Global()
@Module({
  controllers: [PubSubDeliveryController],
  providers: [
    DaprEventPublisher,
    DaprPubSubServer,
    EventOutbox,
    PubSubMetrics,
    EventFaultInjector,
    PublishFaultInjector,
  ],
  exports: [DaprEventPublisher, DaprPubSubServer, EventFaultInjector, PublishFaultInjector],
})
export class PubSubModule extends PubSubModuleBase {}

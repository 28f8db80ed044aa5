import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { DaprPubSubServer } from './dapr-pubsub.server';
import type { DeliveryStatus } from './delivery-status';
import { DaprTopicParams } from './dapr-topic.params';

/** Where daprd delivers subscribed events (the routes of the Subscription resources). */
@Controller('dapr/pubsub')
export class PubSubDeliveryController {
  constructor(private readonly server: DaprPubSubServer) {}

  @Post(':pubsub/:topic')
  @HttpCode(HttpStatus.OK)
  async deliver(@Param() topic: DaprTopicParams, @Body() body: unknown): Promise<{ status: DeliveryStatus }> {
    return { status: await this.server.deliver({ pubsub: topic.pubsub, topic: topic.topic }, body) };
  }
}

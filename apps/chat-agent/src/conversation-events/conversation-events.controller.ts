import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ApiExcludeController } from '@nestjs/swagger';
import { DaprEventContext, EventPayloadPipe } from '@daca/dapr';
import { ConversationUpdatedEvent, USER_CHAT_DEAD_LETTER_TOPIC, USER_CHAT_TOPIC } from './conversation-updated.event';

/** chat-agent's own subscriber of ConversationUpdated events, and of those that could not be processed. */
// Its deliveries come from daprd, on /dapr/pubsub routes that only daprd may call: not a client's API.
@ApiExcludeController()
@Controller()
export class ConversationEventsController {
  private readonly logger = new Logger(ConversationEventsController.name);

  @EventPattern(USER_CHAT_TOPIC)
  conversationUpdated(
    @Payload(EventPayloadPipe) event: ConversationUpdatedEvent,
    @Ctx() context: DaprEventContext,
  ): void {
    this.logger.log(
      { actorId: event.actor_id, eventId: context.id },
      `ConversationUpdated: ${event.actor_id} sent '${event.input.content}', got '${event.output.content}'`,
    );
  }

  @EventPattern(USER_CHAT_DEAD_LETTER_TOPIC)
  deadLettered(@Payload() event: unknown, @Ctx() context: DaprEventContext): void {
    this.logger.error(
      { eventId: context.id, event },
      `dead-lettered event ${context.id} from ${USER_CHAT_TOPIC.topic}: it was dropped or failed every redelivery`,
    );
  }
}

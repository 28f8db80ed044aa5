import { Type } from 'class-transformer';
import { Equals, IsNotEmpty, IsString, ValidateNested } from 'class-validator';
import type { DaprTopic } from '@daca/dapr';
import { ChatAgentContract } from '../chat/chat-agent.contract';
import { ChatMessageDto } from '@daca/chat';
import { HeldMessageDto } from '../chat/held-message.dto';

export const USER_CHAT_TOPIC: DaprTopic = { pubsub: 'daca-pubsub', topic: 'user-chat' };
/** Where daprd moves user-chat events that were dropped or failed every redelivery (components/subscription.yaml). */
export const USER_CHAT_DEAD_LETTER_TOPIC: DaprTopic = { pubsub: 'daca-pubsub', topic: 'user-chat-deadletter' };

/** Published after each processed message; field names are the labs' (snake_case) wire format. */
export class ConversationUpdatedEvent {
  @IsString() @IsNotEmpty() actor_id!: string;
  @IsString() @IsNotEmpty() history_key!: string;
  @Equals(ChatAgentContract.actorType) actor_type!: string;
  @Equals('ConversationUpdated') event_type!: 'ConversationUpdated';
  @ValidateNested() @Type(() => ChatMessageDto) input!: ChatMessageDto;
  @ValidateNested() @Type(() => HeldMessageDto) output!: HeldMessageDto;
}

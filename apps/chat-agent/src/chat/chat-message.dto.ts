import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CHAT_ROLES, MAX_CONTENT_LENGTH, type ChatMessage } from './chat-message';

export class ChatMessageDto implements ChatMessage {
  @IsIn(CHAT_ROLES, { message: `role must be one of ${CHAT_ROLES.join(', ')}` })
  role!: ChatMessage['role'];

  // Checked bottom-up, first failure only: a missing content is reported as not a string.
  @MaxLength(MAX_CONTENT_LENGTH)
  @IsNotEmpty()
  @IsString()
  content!: string;
}

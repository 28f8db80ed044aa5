import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CHAT_ROLES, MAX_CONTENT_LENGTH, type ChatMessage } from './chat-message';

/** A chat message as a client sends it: chat-agent's POST /chat/{actorId}, and caller's relay of it. */

export class ChatMessageDto implements ChatMessage {
  @ApiProperty({ enum: CHAT_ROLES, example: 'user' })
  @IsIn(CHAT_ROLES, { message: `role must be one of ${CHAT_ROLES.join(', ')}` })
  role!: ChatMessage['role'];

  // Checked bottom-up, first failure only: a missing content is reported as not a string.
  @ApiProperty({ minLength: 1, maxLength: MAX_CONTENT_LENGTH, example: 'Hello' })
  @MaxLength(MAX_CONTENT_LENGTH)
  @IsNotEmpty()
  @IsString()
  content!: string;
}

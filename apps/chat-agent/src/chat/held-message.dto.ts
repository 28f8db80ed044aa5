import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CHAT_ROLES, MAX_CONTENT_LENGTH, type ChatMessage } from '@daca/chat';
import { MAX_REPLY_LENGTH } from './agent-reply';

/**
 * A message the agent holds and answers with: a client's message (up to MAX_CONTENT_LENGTH) or the
 * agent's reply to one, which is longer (up to MAX_REPLY_LENGTH).
 */
export class HeldMessageDto implements ChatMessage {
  @ApiProperty({ enum: CHAT_ROLES, example: 'assistant' })
  @IsIn(CHAT_ROLES, { message: `role must be one of ${CHAT_ROLES.join(', ')}` })
  role!: ChatMessage['role'];

  @ApiProperty({
    minLength: 1,
    maxLength: MAX_REPLY_LENGTH,
    description: `A message of at most ${MAX_CONTENT_LENGTH} characters, or the reply to one`,
    example: 'Got your message: Hello',
  })
  @MaxLength(MAX_REPLY_LENGTH)
  @IsNotEmpty()
  @IsString()
  content!: string;
}

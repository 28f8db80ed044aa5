import { ApiProperty } from '@nestjs/swagger';
import { ConversationAnalysis } from '../analysis/conversation-analysis';
import { HeldMessageDto } from './held-message.dto';

/** POST /chat/{actorId}: the agent's reply. */
export class ChatReply {
  @ApiProperty({ type: HeldMessageDto })
  response!: HeldMessageDto;
}

/** GET /chat/{actorId}/history: the conversation so far, oldest first. */
export class ChatHistory {
  @ApiProperty({ type: HeldMessageDto, isArray: true })
  history!: HeldMessageDto[];
}

/** POST /chat/{actorId}/analyze: what the agent's workers made of the conversation. */
export class ChatAnalysis {
  @ApiProperty({ type: ConversationAnalysis })
  analysis!: ConversationAnalysis;
}

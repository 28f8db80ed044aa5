import { Injectable } from '@nestjs/common';
import { Actor } from '@daca/dapr';
import type { ChatMessage } from '@daca/chat';
import type { AnalysisRequest } from './conversation-analysis';
import { ConversationReader } from './conversation-reader';

/** A worker actor that analyses one ChatAgent's conversation, read back from the agent within the call chain. */
@Injectable()
export abstract class ConversationWorker extends Actor {
  constructor(private readonly conversation: ConversationReader) {
    super();
  }

  protected history({ chatAgentId }: AnalysisRequest): Promise<ChatMessage[]> {
    return this.conversation.read(chatAgentId);
  }
}

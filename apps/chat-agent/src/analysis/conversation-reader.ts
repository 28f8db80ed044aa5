import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { ActorClient } from '@daca/dapr';
import { ChatAgentContract } from '../chat/chat-agent.contract';
import { chatConfig, type ChatConfig } from '../chat/chat.config';
import type { ChatMessage } from '@daca/chat';

/**
 * How workers read the conversation they analyse: from the ChatAgent itself, inside the caller's call
 * chain (a re-entrant call when the ChatAgent asked for the analysis).
 */
@Injectable()
export class ConversationReader {
  constructor(
    private readonly actors: ActorClient,
    @Inject(chatConfig.KEY) private readonly config: ChatConfig,
  ) {}

  async read(chatAgentId: string): Promise<ChatMessage[]> {
    // The configurable pause stands in for model latency, so that demos and tests see a long chain.
    await sleep(this.config.analysisWorkerDelayMs);
    return this.actors.proxy(ChatAgentContract, chatAgentId).getConversationHistory();
  }
}

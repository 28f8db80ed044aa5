import { defineActorContract } from '@daca/dapr';
import type { ConversationAnalysis } from '../analysis/conversation-analysis';
import type { ChatMessage } from '@daca/chat';

/** The ChatAgent actor as callers see it; wire names are the labs', so Python's ActorProxy calls the same actor. */
export interface ChatAgentApi {
  processMessage(message: ChatMessage): Promise<ChatMessage>;
  getConversationHistory(): Promise<ChatMessage[]>;
  clearHistory(): Promise<null>;
  analyzeConversation(): Promise<ConversationAnalysis>;
}

export const ChatAgentContract = defineActorContract<ChatAgentApi>('ChatAgent', {
  processMessage: 'ProcessMessage',
  getConversationHistory: 'GetConversationHistory',
  clearHistory: 'ClearHistory',
  analyzeConversation: 'AnalyzeConversation',
});

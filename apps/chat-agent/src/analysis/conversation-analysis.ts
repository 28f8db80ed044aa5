export interface AnalysisRequest {
  chatAgentId: string;
}

export interface ConversationSummary {
  topics: string[];
  lastUserMessage: string | null;
}

export interface ConversationStatistics {
  messagesByRole: Record<string, number>;
  words: number;
}

export interface ConversationAnalysis {
  actorId: string;
  /** Messages in the history when the analysis started (read by the ChatAgent through its own proxy: A→A). */
  messages: number;
  summary: ConversationSummary;
  statistics: ConversationStatistics;
}

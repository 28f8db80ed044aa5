import { ApiProperty } from '@nestjs/swagger';

export interface AnalysisRequest {
  chatAgentId: string;
}

export class ConversationSummary {
  @ApiProperty({ type: String, isArray: true })
  topics!: string[];

  @ApiProperty({ type: String, nullable: true })
  lastUserMessage!: string | null;
}

export class ConversationStatistics {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { user: 2, assistant: 2 } })
  messagesByRole!: Record<string, number>;

  @ApiProperty({ type: 'integer' })
  words!: number;
}

export class ConversationAnalysis {
  @ApiProperty()
  actorId!: string;

  /** Messages in the history when the analysis started (read by the ChatAgent through its own proxy: A→A). */
  @ApiProperty({ type: 'integer', description: 'Messages in the history when the analysis started' })
  messages!: number;

  @ApiProperty({ type: ConversationSummary })
  summary!: ConversationSummary;

  @ApiProperty({ type: ConversationStatistics })
  statistics!: ConversationStatistics;
}

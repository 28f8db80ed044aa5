import { Actor, DaprActor } from '@daca/dapr';
import type { AnalysisRequest, ConversationStatistics } from './conversation-analysis';
import { ConversationReader } from './conversation-reader';
import { StatisticsWorkerContract, type StatisticsWorkerApi } from './worker.contracts';

/** Counts a ChatAgent's messages by role and their words. */
@DaprActor(StatisticsWorkerContract)
export class StatisticsWorkerActor extends Actor implements StatisticsWorkerApi {
  constructor(private readonly conversation: ConversationReader) {
    super();
  }

  async computeStatistics({ chatAgentId }: AnalysisRequest): Promise<ConversationStatistics> {
    const history = await this.conversation.read(chatAgentId);
    const messagesByRole: Record<string, number> = {};
    for (const { role } of history) messagesByRole[role] = (messagesByRole[role] ?? 0) + 1;
    const words = history.reduce((total, { content }) => total + content.split(/\s+/).filter(Boolean).length, 0);
    return { messagesByRole, words };
  }
}

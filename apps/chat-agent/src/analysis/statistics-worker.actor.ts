import { DaprActor } from '@daca/dapr';
import type { AnalysisRequest, ConversationStatistics } from './conversation-analysis';
import { ConversationWorker } from './conversation-worker';
import { StatisticsWorkerContract, type StatisticsWorkerApi } from './worker.contracts';

/** Counts a ChatAgent's messages by role and their words. */
@DaprActor(StatisticsWorkerContract)
export class StatisticsWorkerActor extends ConversationWorker implements StatisticsWorkerApi {
  async computeStatistics(request: AnalysisRequest): Promise<ConversationStatistics> {
    const history = await this.history(request);
    const messagesByRole: Record<string, number> = {};
    for (const { role } of history) messagesByRole[role] = (messagesByRole[role] ?? 0) + 1;
    const words = history.reduce((total, { content }) => total + content.split(/\s+/).filter(Boolean).length, 0);
    return { messagesByRole, words };
  }
}

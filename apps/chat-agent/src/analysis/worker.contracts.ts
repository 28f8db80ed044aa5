import { defineActorContract } from '@daca/dapr';
import type { AnalysisRequest, ConversationStatistics, ConversationSummary } from './conversation-analysis';

export interface SummaryWorkerApi {
  summarize(request: AnalysisRequest): Promise<ConversationSummary>;
}

export interface StatisticsWorkerApi {
  computeStatistics(request: AnalysisRequest): Promise<ConversationStatistics>;
}

export const SummaryWorkerContract = defineActorContract<SummaryWorkerApi>('SummaryWorker', { summarize: 'Summarize' });

export const StatisticsWorkerContract = defineActorContract<StatisticsWorkerApi>('StatisticsWorker', {
  computeStatistics: 'ComputeStatistics',
});

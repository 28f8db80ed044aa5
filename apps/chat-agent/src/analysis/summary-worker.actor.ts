import { DaprActor } from '@daca/dapr';
import type { AnalysisRequest, ConversationSummary } from './conversation-analysis';
import { ConversationWorker } from './conversation-worker';
import { SummaryWorkerContract, type SummaryWorkerApi } from './worker.contracts';

const TOPIC_MIN_LENGTH = 5;

/** Summarises a ChatAgent's conversation: its longest words as topics and the last user message. */
@DaprActor(SummaryWorkerContract)
export class SummaryWorkerActor extends ConversationWorker implements SummaryWorkerApi {
  async summarize(request: AnalysisRequest): Promise<ConversationSummary> {
    const history = await this.history(request);
    const userMessages = history.filter((message) => message.role === 'user').map((message) => message.content);
    const words = userMessages.flatMap((content) => content.toLowerCase().match(/\p{L}+/gu) ?? []);
    const topics = [...new Set(words.filter((word) => word.length >= TOPIC_MIN_LENGTH))].slice(0, 5);
    return { topics, lastUserMessage: userMessages.at(-1) ?? null };
  }
}

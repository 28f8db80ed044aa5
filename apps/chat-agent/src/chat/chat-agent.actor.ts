import { BadRequestException, Inject, Logger } from '@nestjs/common';
import { Actor, ActorClient, DaprActor, DaprEventPublisher, OnReminder, OnTimer } from '@daca/dapr';
import type { ConversationAnalysis } from '../analysis/conversation-analysis';
import { USER_CHAT_TOPIC, type ConversationUpdatedEvent } from '../conversation-events/conversation-updated.event';
import { StatisticsWorkerContract, SummaryWorkerContract } from '../analysis/worker.contracts';
import { ChatAgentContract, type ChatAgentApi } from './chat-agent.contract';
import { chatConfig, type ChatConfig } from './chat.config';
import { CHAT_ROLES, MAX_CONTENT_LENGTH, type ChatMessage } from '@daca/chat';
import { agentReply } from './agent-reply';

const CLEAR_HISTORY_REMINDER = 'ClearHistory';
const HEARTBEAT_TIMER = 'Heartbeat';

/**
 * The labs' ChatAgent: a capped conversation history in actor state, cleared by a one-shot reminder
 * registered on activation, a heartbeat timer while the conversation is active, a ConversationUpdated
 * event after each message (through the durable outbox), and an analysis that
 * orchestrates worker actors which call back into this actor within the same call chain.
 *
 * Reentrancy rule: within one call chain, state is read again after every await on another actor
 * (never kept in a variable across it), because a re-entrant call may have changed it meanwhile.
 */
@DaprActor(ChatAgentContract)
export class ChatAgentActor extends Actor implements ChatAgentApi {
  private readonly logger = new Logger(ChatAgentActor.name);
  private lastMessageAt = Date.now();

  constructor(
    @Inject(chatConfig.KEY) private readonly config: ChatConfig,
    private readonly actors: ActorClient,
    private readonly events: DaprEventPublisher,
  ) {
    super();
  }

  private get historyKey(): string {
    return `history-${this.id}`;
  }

  override async onActivate(): Promise<void> {
    await this.scheduler.registerReminder(CLEAR_HISTORY_REMINDER, {
      dueTimeMs: this.config.clearHistoryAfterMs,
      data: 'clear_history_data',
    });
    await this.scheduler.registerTimer(HEARTBEAT_TIMER, {
      dueTimeMs: this.config.heartbeatPeriodMs,
      periodMs: this.config.heartbeatPeriodMs,
    });
    this.logger.log({ actorId: this.id }, `registered ${CLEAR_HISTORY_REMINDER} reminder and ${HEARTBEAT_TIMER} timer`);
  }

  override async onDeactivate(): Promise<void> {
    await this.scheduler.unregisterTimer(HEARTBEAT_TIMER);
    this.logger.log({ actorId: this.id }, `deactivated; ${HEARTBEAT_TIMER} timer unregistered`);
  }

  async processMessage(message: ChatMessage): Promise<ChatMessage> {
    const input = this.validMessage(message);
    this.lastMessageAt = Date.now();
    const response = agentReply(input);
    const history = [...(await this.getConversationHistory()), input, response].slice(-this.config.historyLimit);
    await this.state.set(this.historyKey, history);
    const event: ConversationUpdatedEvent = {
      actor_id: this.id,
      history_key: this.historyKey,
      actor_type: ChatAgentContract.actorType,
      event_type: 'ConversationUpdated',
      input,
      output: response,
    };
    await this.events.publish(USER_CHAT_TOPIC, event);
    return response;
  }

  async getConversationHistory(): Promise<ChatMessage[]> {
    return (await this.state.get<ChatMessage[]>(this.historyKey)) ?? [];
  }

  @OnReminder(CLEAR_HISTORY_REMINDER)
  async clearHistory(): Promise<null> {
    await this.state.set(this.historyKey, []);
    // When the reminder itself woke the actor, activation registered the next one: drop it, or an
    // idle actor would be woken every period forever.
    await this.scheduler.unregisterReminder(CLEAR_HISTORY_REMINDER);
    this.logger.log({ actorId: this.id }, 'history cleared');
    return null;
  }

  @OnTimer(HEARTBEAT_TIMER)
  async heartbeat(): Promise<void> {
    const quietMs = Date.now() - this.lastMessageAt;
    if (quietMs < this.config.heartbeatQuietAfterMs) {
      this.logger.log({ actorId: this.id, quietMs }, 'heartbeat');
      return;
    }
    // A firing timer keeps daprd from deactivating the actor: stop it so that a quiet actor can go idle.
    await this.scheduler.unregisterTimer(HEARTBEAT_TIMER);
    this.logger.log({ actorId: this.id, quietMs }, 'conversation quiet; heartbeat stopped');
  }

  async analyzeConversation(): Promise<ConversationAnalysis> {
    const self = this.actors.proxy(ChatAgentContract, this.id);
    const messages = (await self.getConversationHistory()).length;
    const request = { chatAgentId: this.id };
    const [summary, statistics] = await Promise.all([
      this.actors.proxy(SummaryWorkerContract, this.id).summarize(request),
      this.actors.proxy(StatisticsWorkerContract, this.id).computeStatistics(request),
    ]);
    return { actorId: this.id, messages, summary, statistics };
  }

  private validMessage(message: unknown): ChatMessage {
    const candidate = message as Partial<ChatMessage> | null;
    if (typeof candidate?.content !== 'string' || candidate.content.length === 0) {
      throw new BadRequestException("ProcessMessage needs {role, content} with a non-empty string 'content'");
    }
    if (candidate.content.length > MAX_CONTENT_LENGTH) {
      throw new BadRequestException(`ProcessMessage: content must be at most ${MAX_CONTENT_LENGTH} characters`);
    }
    if (!CHAT_ROLES.includes(candidate.role as ChatMessage['role'])) {
      throw new BadRequestException(`ProcessMessage: role must be one of ${CHAT_ROLES.join(', ')}`);
    }
    return { role: candidate.role as ChatMessage['role'], content: candidate.content };
  }
}

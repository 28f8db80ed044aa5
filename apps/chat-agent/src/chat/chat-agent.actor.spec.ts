import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ActorClient, connectDaprPubSub } from '@daca/dapr';
import { DaprTestingModule, InMemorySidecar } from '@daca/dapr/testing';
import { ConversationEventsModule } from '../conversation-events/conversation-events.module';
import { USER_CHAT_TOPIC } from '../conversation-events/conversation-updated.event';
import { ChatAgentContract } from './chat-agent.contract';
import { chatConfig, type ChatConfig } from './chat.config';
import { ChatModule } from './chat.module';

const config: ChatConfig = {
  historyLimit: 4,
  clearHistoryAfterMs: 10_000,
  heartbeatPeriodMs: 30_000,
  heartbeatQuietAfterMs: 300_000,
  analysisWorkerDelayMs: 0,
};

const user = (content: string) => ({ role: 'user' as const, content });
const reply = (content: string) => ({ role: 'assistant' as const, content: `Got your message: ${content}` });

describe('ChatAgentActor on the in-memory sidecar', () => {
  let app: INestApplication;
  let sidecar: InMemorySidecar;
  const agent = (actorId: string) => app.get(ActorClient).proxy(ChatAgentContract, actorId);

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DaprTestingModule.forRoot({ appId: 'chat-agent' }), ChatModule, ConversationEventsModule],
    })
      .overrideProvider(chatConfig.KEY)
      .useValue(config)
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await connectDaprPubSub(app);
    await app.init();
    sidecar = app.get(InMemorySidecar);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  it('keeps the last historyLimit messages of the conversation in its state', async () => {
    for (const content of ['one', 'two', 'three']) {
      await expect(agent('alice').processMessage(user(content))).resolves.toEqual(reply(content));
    }
    const lastTwoExchanges = [user('two'), reply('two'), user('three'), reply('three')];
    await expect(agent('alice').getConversationHistory()).resolves.toEqual(lastTwoExchanges);
    expect(sidecar.actorState('ChatAgent', 'alice', 'history-alice')).toEqual(lastTwoExchanges);
    expect(sidecar.actorState('ChatAgent', 'bob', 'history-bob')).toBeUndefined();
  });

  it('clears the history when its ClearHistory reminder fires, and drops the reminder', async () => {
    await agent('alice').processMessage(user('hello'));
    expect(sidecar.reminders('ChatAgent', 'alice')).toEqual([
      expect.objectContaining({
        name: 'ClearHistory',
        dueTimeMs: 10_000,
        periodMs: undefined,
        data: 'clear_history_data',
      }),
    ]);
    expect(sidecar.timers('ChatAgent', 'alice')).toEqual([
      expect.objectContaining({ name: 'Heartbeat', dueTimeMs: 30_000, periodMs: 30_000 }),
    ]);

    await sidecar.advanceTime(9_999);
    await expect(agent('alice').getConversationHistory()).resolves.toHaveLength(2);
    await sidecar.advanceTime(1);

    await expect(agent('alice').getConversationHistory()).resolves.toEqual([]);
    expect(sidecar.reminders('ChatAgent', 'alice')).toEqual([]);
  });

  it('stops its heartbeat timer once the conversation is quiet', async () => {
    await agent('alice').processMessage(user('hello'));
    await sidecar.fireTimer('ChatAgent', 'alice', 'Heartbeat');
    expect(sidecar.timers('ChatAgent', 'alice')).toHaveLength(1);

    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + config.heartbeatQuietAfterMs);
    await sidecar.fireTimer('ChatAgent', 'alice', 'Heartbeat');
    expect(sidecar.timers('ChatAgent', 'alice')).toEqual([]);
  });

  it('publishes ConversationUpdated for each message, which its own subscriber accepts', async () => {
    await agent('alice').processMessage(user('hello'));

    expect(sidecar.publishedEvents(USER_CHAT_TOPIC)).toEqual([
      expect.objectContaining({
        source: 'chat-agent',
        data: {
          actor_id: 'alice',
          history_key: 'history-alice',
          actor_type: 'ChatAgent',
          event_type: 'ConversationUpdated',
          input: user('hello'),
          output: reply('hello'),
        },
      }),
    ]);
    await expect(sidecar.deliverPublished()).resolves.toEqual(['SUCCESS']);
    await expect(sidecar.deliver(USER_CHAT_TOPIC, { actor_id: 'alice' })).resolves.toBe('DROP');
  });

  it('analyses the conversation through workers that call back into it within the same call chain', async () => {
    await agent('alice').processMessage(user('tell me about reentrancy'));

    await expect(agent('alice').analyzeConversation()).resolves.toEqual({
      actorId: 'alice',
      messages: 2,
      summary: { topics: ['about', 'reentrancy'], lastUserMessage: 'tell me about reentrancy' },
      statistics: { messagesByRole: { user: 1, assistant: 1 }, words: 11 },
    });
  });

  it('refuses an invalid message with its status, as a caller over daprd sees it', async () => {
    await expect(agent('alice').processMessage(user(''))).rejects.toMatchObject({
      status: 400,
      message: "ProcessMessage needs {role, content} with a non-empty string 'content'",
    });
  });
});

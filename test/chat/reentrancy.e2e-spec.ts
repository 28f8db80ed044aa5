import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { ChatClient } from './chat-client';

async function chatStack(env: Record<string, string>): Promise<{ e2e: E2eStack; chat: ChatClient }> {
  const e2e = await startE2eStack({ apps: ['chat-agent'], env });
  return { e2e, chat: new ChatClient(e2e.app('chat-agent')) };
}

const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; endedAt: number }> => {
  const value = await work();
  return { value, endedAt: Date.now() };
};

describe('reentrancy: the analysis chain ChatAgent → workers → ChatAgent', () => {
  describe('with reentrancy enabled (the default)', () => {
    let stack: { e2e: E2eStack; chat: ChatClient };

    beforeAll(async () => {
      stack = await chatStack({ ANALYSIS_WORKER_DELAY: '1500ms' });
    });

    afterAll(() => stack?.e2e.stop());

    it('completes A→A and A→B→A within one call chain', async () => {
      const { chat } = stack;
      await chat.send('analyst', 'Tell me about quantum computing');
      await chat.send('analyst', 'And about photosynthesis');

      expect(await chat.analyze('analyst')).toEqual({
        status: 200,
        body: {
          analysis: {
            actorId: 'analyst',
            messages: 4,
            summary: {
              topics: ['about', 'quantum', 'computing', 'photosynthesis'],
              lastUserMessage: 'And about photosynthesis',
            },
            statistics: { messagesByRole: { user: 2, assistant: 2 }, words: 22 },
          },
        },
      });
    });

    it('makes an independent request to the same actor wait for the chain to end (turn-based concurrency)', async () => {
      const { chat } = stack;
      await chat.send('turns', 'hello');
      const chain = timed(() => chat.analyze('turns'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const independent = timed(() => chat.history('turns'));
      const otherActor = timed(() => chat.history('someone-else'));

      const [chainDone, independentDone, otherDone] = await Promise.all([chain, independent, otherActor]);
      expect(chainDone.value.status).toBe(200);
      expect(independentDone.value.status).toBe(200);
      // The same actor's independent call ran only after the chain's turn ended; another actor was not held up.
      expect(independentDone.endedAt).toBeGreaterThanOrEqual(chainDone.endedAt - 50);
      expect(otherDone.endedAt).toBeLessThan(chainDone.endedAt - 500);
    });
  });

  describe('with reentrancy disabled for ChatAgent (entitiesConfig)', () => {
    let stack: { e2e: E2eStack; chat: ChatClient };

    beforeAll(async () => {
      stack = await chatStack({
        ACTOR_ENTITIES_CONFIG: JSON.stringify([{ entities: ['ChatAgent'], reentrancy: { enabled: false } }]),
        ACTOR_CALL_TIMEOUT: '3s',
      });
    });

    afterAll(() => stack?.e2e.stop());

    it('shows the override on /dapr/config', async () => {
      const config = (await stack.chat.request('GET', '/dapr/config')).body as { entitiesConfig: unknown };
      expect(config.entitiesConfig).toEqual([
        {
          entities: ['ChatAgent'],
          actorIdleTimeout: '1h0m0s0ms0μs',
          drainOngoingCallTimeout: '0h0m2s0ms0μs',
          drainRebalancedActors: true,
          reentrancy: { enabled: false, maxStackDepth: 32 },
        },
      ]);
    });

    it('times the re-entering chain out with a clear error instead of hanging, then serves normally', async () => {
      const { chat } = stack;
      await chat.send('locked', 'hello');
      const startedAt = Date.now();
      expect(await chat.analyze('locked')).toEqual({
        status: 504,
        body: {
          statusCode: 504,
          error: 'ActorCallTimeout',
          message: expect.stringMatching(
            /^ChatAgent\/locked GetConversationHistory did not answer within \d+ ms; if this call chain re-enters an actor, enable reentrancy for its type$/,
          ),
          correlationId: expect.any(String),
        },
      });
      expect(Date.now() - startedAt).toBeLessThan(10_000);
      expect((await chat.send('locked', 'still works')).status).toBe(200);
    });
  });

  describe('with a chain deeper than maxStackDepth', () => {
    let stack: { e2e: E2eStack; chat: ChatClient };

    beforeAll(async () => {
      stack = await chatStack({ ACTOR_REENTRANCY_MAX_STACK_DEPTH: '1' });
    });

    afterAll(() => stack?.e2e.stop());

    it('fails fast with an error naming the limit, and the actor serves the next request', async () => {
      const { chat } = stack;
      await chat.send('deep', 'hello');
      const startedAt = Date.now();
      expect(await chat.analyze('deep')).toEqual({
        status: 508,
        body: {
          statusCode: 508,
          error: 'ActorStackDepthExceeded',
          message:
            'ChatAgent/deep GetConversationHistory refused: the call chain is deeper than ' +
            'reentrancy.maxStackDepth (1); make the chain shallower or raise the limit',
          correlationId: expect.any(String),
        },
      });
      expect(Date.now() - startedAt).toBeLessThan(2_000);
      expect(await chat.send('deep', 'next')).toEqual({
        status: 200,
        body: { response: { role: 'assistant', content: 'Got your message: next' } },
      });
    });
  });
});

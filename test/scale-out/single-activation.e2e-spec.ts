import { ChatClient } from '../chat/chat-client';
import type Redis from 'ioredis';
import { stackRedis } from '../support/stack-redis';
import type { E2eStack } from '../support/e2e-stack';
import { scrape } from '../support/prometheus-text';
import { REPLICAS, startChatReplicas } from './chat-replicas';
import { storedHistory } from './stored-history';

const ACTOR_ID = 'single-activation';
const CALLS = 40;

describe('scale-out: one activation per actor id across two chat-agent replicas', () => {
  let e2e: E2eStack;
  let redis: Redis;

  beforeAll(async () => {
    // Room for every message of the test, and no ClearHistory while it runs: a lost turn shows as a gap.
    e2e = await startChatReplicas({ CHAT_HISTORY_LIMIT: String(2 * CALLS), CHAT_CLEAR_HISTORY_AFTER: '10m' });
    redis = stackRedis(e2e);
  });

  afterAll(async () => {
    redis?.disconnect();
    await e2e?.stop();
  });

  it('runs concurrent calls to one id through both REST APIs one at a time, in one activation', async () => {
    const replicas = REPLICAS.map((replica) => e2e.app('chat-agent', replica));
    const clients = replicas.map((replica) => new ChatClient(replica));
    const contents = Array.from({ length: CALLS }, (_, index) => `call ${index}`);

    const answers = await Promise.all(contents.map((content, index) => clients[index % 2].send(ACTOR_ID, content)));

    expect(answers.map((answer) => answer.status)).toEqual(contents.map(() => 200));
    const activations = await Promise.all(
      replicas.map((replica) =>
        scrape(`${replica.url}/metrics`, 'daca_actor_activations_total', { actor_type: 'ChatAgent' }),
      ),
    );
    // Each turn reads the history and writes it back with its message and reply appended: two turns
    // that overlapped would have read the same history, and the later write would drop the other's pair.
    const history = await storedHistory(redis, ACTOR_ID);
    const pairs = Array.from({ length: history.length / 2 }, (_, index) => history.slice(2 * index, 2 * index + 2));
    const intactPairs = pairs.filter(
      ([input, reply]) => input.role === 'user' && reply.content === `Got your message: ${input.content}`,
    );
    const stored = new Set(intactPairs.map(([input]) => input.content));
    const overlapping = contents.filter((content) => !stored.has(content)).length;
    process.stdout.write(
      `single activation: ${CALLS} concurrent calls to ChatAgent/${ACTOR_ID} through ${replicas.map((r) => r.name).join(' and ')}; ` +
        `activations ${replicas.map((r, i) => `${r.name}: ${activations[i]}`).join(', ')}; ` +
        `${history.length} history entries, ${intactPairs.length} intact message/reply pairs, overlapping turns ${overlapping}\n`,
    );
    expect(activations[0] + activations[1]).toBe(1);
    expect(history).toHaveLength(2 * CALLS);
    expect(intactPairs).toHaveLength(CALLS);
    expect(overlapping).toBe(0);
  });
});

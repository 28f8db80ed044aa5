import { ChatClient } from '../chat/chat-client';
import type { E2eStack } from '../support/e2e-stack';
import { activeActors } from './actor-hosts';
import { REPLICAS, startChatReplicas } from './chat-replicas';

const ACTOR_IDS = Array.from({ length: 40 }, (_, index) => `spread-${index}`);

describe('scale-out: ChatAgent actors spread over two chat-agent replicas', () => {
  let e2e: E2eStack;

  beforeAll(async () => {
    e2e = await startChatReplicas();
  });

  afterAll(() => e2e?.stop());

  it('activates actors on both replicas after messages to 40 ids through either REST API', async () => {
    const replicas = REPLICAS.map((replica) => e2e.app('chat-agent', replica));
    const clients = replicas.map((replica) => new ChatClient(replica));

    const answers = await Promise.all(ACTOR_IDS.map((id, index) => clients[index % 2].send(id, `hello ${id}`)));

    expect(answers.map((answer) => answer.status)).toEqual(ACTOR_IDS.map(() => 200));
    const hosted = await Promise.all(replicas.map((replica) => activeActors(replica, 'ChatAgent')));
    process.stdout.write(
      `actors spread: ${ACTOR_IDS.length} ChatAgent ids, active on ${replicas.map((r, i) => `${r.name}: ${hosted[i]}`).join(', ')}\n`,
    );
    expect(hosted.every((count) => count > 0)).toBe(true);
    expect(hosted[0] + hosted[1]).toBe(ACTOR_IDS.length);
  });
});

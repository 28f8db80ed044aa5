import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChatClient } from '../chat/chat-client';
import type Redis from 'ioredis';
import { stackRedis } from '../support/stack-redis';
import { replicaName, type E2eStack } from '../support/e2e-stack';
import { eventually } from '../support/eventually';
import { scrape } from '../support/prometheus-text';
import { killChatReplica, startChatReplicas } from './chat-replicas';
import { storedHistory } from './stored-history';

const CLEAR_HISTORY_AFTER_MS = 15_000;
const ACTOR_IDS = Array.from({ length: 30 }, (_, index) => `reminded-${index}`);

/** The actor ids whose activation registered their ClearHistory reminder on this replica (its JSON log lines). */
function actorsActivatedOn(e2e: E2eStack, replica: string): string[] {
  return readFileSync(join(e2e.logDir, `${replica}.log`), 'utf8')
    .split('\n')
    .filter((line) => line.includes('registered ClearHistory reminder'))
    .map((line) => (JSON.parse(line) as { actorId: string }).actorId);
}

describe('scale-out: reminders of actors on a lost replica', () => {
  let e2e: E2eStack;
  let redis: Redis;

  beforeAll(async () => {
    e2e = await startChatReplicas({ CHAT_CLEAR_HISTORY_AFTER: `${CLEAR_HISTORY_AFTER_MS / 1000}s` });
    redis = stackRedis(e2e);
  });

  afterAll(async () => {
    redis?.disconnect();
    await e2e?.stop();
  });

  it('fires on the surviving replica after the replica hosting their actors is killed with SIGKILL', async () => {
    const survivor = e2e.app('chat-agent', 1);
    const chat = new ChatClient(survivor);
    const activatedAt = performance.now();
    const answers = await Promise.all(ACTOR_IDS.map((id) => chat.send(id, `remind ${id}`)));
    expect(answers.map((answer) => answer.status)).toEqual(ACTOR_IDS.map(() => 200));
    const orphaned = actorsActivatedOn(e2e, replicaName('chat-agent', 2));
    expect(orphaned.length).toBeGreaterThan(0);

    await killChatReplica(e2e, 2);
    const killedAfterMs = performance.now() - activatedAt;
    await eventually(
      `the ClearHistory reminders of ${orphaned.join(', ')} to clear their histories`,
      () => Promise.all(orphaned.map((id) => storedHistory(redis, id))),
      (histories) => histories.every((history) => history.length === 0),
      CLEAR_HISTORY_AFTER_MS + 60_000,
    );
    const clearedAfterMs = performance.now() - activatedAt;
    const fired = await scrape(`${survivor.url}/metrics`, 'daca_actor_reminders_fired_total', {
      actor_type: 'ChatAgent',
      reminder: 'ClearHistory',
    });
    process.stdout.write(
      `reminder failover: ${orphaned.length} of ${ACTOR_IDS.length} ChatAgent actors activated on chat-agent#2, ` +
        `killed with its daprd ${(killedAfterMs / 1000).toFixed(1)} s after activation; their ClearHistory ` +
        `reminders (due after ${CLEAR_HISTORY_AFTER_MS / 1000} s) had all cleared history ` +
        `${(clearedAfterMs / 1000).toFixed(1)} s after activation; reminders fired on ${survivor.name}: ${fired}\n`,
    );
    expect(killedAfterMs).toBeLessThan(CLEAR_HISTORY_AFTER_MS);
    expect(fired).toBeGreaterThanOrEqual(orphaned.length);
  });
});

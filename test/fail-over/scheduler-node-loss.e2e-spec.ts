import type Redis from 'ioredis';
import { stackRedis } from '../support/stack-redis';
import { ChatClient } from '../chat/chat-client';
import { keepEveryMessage } from '../scale-out/chat-load';
import { storedHistory } from '../scale-out/stored-history';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { eventually } from '../support/eventually';
import { scrape } from '../support/prometheus-text';
import { schedulerEtcdLeader } from './control-plane-leaders';
import { faultUnderLoad } from './fault-under-load';

// Past the load and its check: the load's actors get ClearHistory reminders too, and their histories
// are read before those fire.
const CLEAR_HISTORY_AFTER_MS = 45_000;
const REMINDED_IDS = Array.from({ length: 20 }, (_, index) => `reminded-${index}`);
// Every message of the load goes to an actor id of its own: each activation registers a reminder with
// scheduler, so the load measures reminder registration across the kill, not only actor calls.
const LOAD = { ratePerS: 10, actorIds: 350, idPrefix: 'scheduler-loss', loadMs: 35_000, faultAfterMs: 2_000 };
// daprd sends each reminder registration to the next scheduler node in turn, so about one in three
// fails until the survivors drop the dead node from the host list they send daprd: once its
// leadership lease (20 s in go-etcd-cron) has expired. Measured 22.3–24.4 s; see README (Fail-over, measured).
const RECOVERY_BOUND_MS = 30_000;

describe('HA: losing one scheduler node under load', () => {
  let e2e: E2eStack;
  let redis: Redis;

  beforeAll(async () => {
    e2e = await startE2eStack({
      apps: ['chat-agent'],
      ha: true,
      env: { ...keepEveryMessage(LOAD, LOAD.loadMs), CHAT_CLEAR_HISTORY_AFTER: `${CLEAR_HISTORY_AFTER_MS / 1000}s` },
    });
    redis = stackRedis(e2e);
  });

  afterAll(async () => {
    redis?.disconnect();
    await e2e?.stop();
  });

  it('fires a reminder registered before the kill, and keeps every acknowledged message', async () => {
    const chat = e2e.app('chat-agent');
    const registeredAt = performance.now();
    const answers = await Promise.all(REMINDED_IDS.map((id) => new ChatClient(chat).send(id, `remind ${id}`)));
    expect(answers.map((answer) => answer.status)).toEqual(REMINDED_IDS.map(() => 200));
    const victim = await schedulerEtcdLeader(e2e);

    const run = await faultUnderLoad(chat, redis, LOAD, () => e2e.stack.process(victim).kill());
    // The load's actors got their ClearHistory reminders too: their histories are read before those fire.
    const checkedAfterMs = performance.now() - registeredAt;
    await eventually(
      `the ClearHistory reminders of ${REMINDED_IDS.length} actors registered before the kill to clear their histories`,
      () => Promise.all(REMINDED_IDS.map((id) => storedHistory(redis, id))),
      (histories) => histories.every((history) => history.length === 0),
      CLEAR_HISTORY_AFTER_MS + 30_000,
    );
    const clearedAfterMs = performance.now() - registeredAt;
    const fired = await scrape(`${chat.url}/metrics`, 'daca_actor_reminders_fired_total', {
      actor_type: 'ChatAgent',
      reminder: 'ClearHistory',
    });
    process.stdout.write(
      `scheduler node loss: ${REMINDED_IDS.length} ClearHistory reminders (due after ${CLEAR_HISTORY_AFTER_MS / 1000} s) ` +
        `registered, then ${victim} (the etcd leader, of ${e2e.definition.scheduler.length}) killed with SIGKILL ` +
        `${(run.faultAfterMs / 1000).toFixed(1)} s into the load; every history cleared ${(clearedAfterMs / 1000).toFixed(1)} s ` +
        `after registration, reminders fired: ${fired}; load: ${run.summary}\n`,
    );
    expect(checkedAfterMs).toBeLessThan(CLEAR_HISTORY_AFTER_MS);
    expect(fired).toBeGreaterThanOrEqual(REMINDED_IDS.length);
    expect(run.lost).toEqual([]);
    expect(run.recoveryMs).toBeLessThan(RECOVERY_BOUND_MS);
  });
});

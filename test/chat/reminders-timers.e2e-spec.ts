import { setTimeout as sleep } from 'node:timers/promises';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { eventually } from '../support/eventually';
import { scrape } from '../support/prometheus-text';
import { ChatClient } from './chat-client';

const CLEAR_AFTER_MS = 6_000;

// Longer than a restart of chat-agent takes on a loaded 2-core machine, so that the reminder is due
// only once the restarted app serves.
const CLEAR_AFTER_RESTART_MS = 15_000;

/** A chat-agent stack for the enclosing describe block, started with `env`, and probes on it. */
function useChatAgent(env: Record<string, string>) {
  const context: { e2e?: E2eStack; chat?: ChatClient } = {};
  beforeAll(async () => {
    context.e2e = await startE2eStack({ apps: ['chat-agent'], env });
    context.chat = new ChatClient(context.e2e.app('chat-agent'));
  });
  afterAll(() => context.e2e?.stop());
  const e2e = () => context.e2e as E2eStack;
  const chat = () => context.chat as ChatClient;
  const metric = (name: string, labels: Record<string, string> = {}) =>
    scrape(`${e2e().app('chat-agent').url}/metrics`, name, { actor_type: 'ChatAgent', ...labels });
  const historyLength = async (actorId: string) =>
    ((await chat().history(actorId)).body as { history: unknown[] }).history.length;
  return {
    e2e,
    chat,
    metric,
    /**
     * Waits for the ClearHistory reminder to fire and `actorId`'s history to be cleared; returns how
     * many reminders fired and when, in ms after `sentAt`.
     */
    clearHistoryFired: async (actorId: string, sentAt: number): Promise<{ fired: number; firedAfterMs: number }> => {
      const fired = await eventually(
        'the ClearHistory reminder',
        () => metric('daca_actor_reminders_fired_total', { reminder: 'ClearHistory' }),
        (count) => count >= 1,
      );
      const firedAfterMs = Date.now() - sentAt;
      // Read only now: a read activates the actor, and activation registers the reminder anew. The
      // counter moves when the reminder arrives, before the actor has cleared its state (or failed to).
      await eventually(
        'the history cleared',
        () => historyLength(actorId),
        (length) => length === 0,
      );
      return { fired, firedAfterMs };
    },
  };
}

describe('ChatAgent reminders and timers on the real runtime', () => {
  const { chat, metric, clearHistoryFired } = useChatAgent({
    CHAT_CLEAR_HISTORY_AFTER: `${CLEAR_AFTER_MS}ms`,
    ACTOR_IDLE_TIMEOUT: '2s',
    CHAT_HEARTBEAT_PERIOD: '4s',
  });

  it('fires the ClearHistory reminder after the actor was deactivated', async () => {
    const sentAt = Date.now();
    await chat().send('forgetful', 'remember me?');
    await eventually(
      'the idle actor to be deactivated',
      () => metric('daca_actor_deactivations_total'),
      (count) => count >= 1,
    );
    const { fired, firedAfterMs } = await clearHistoryFired('forgetful', sentAt);
    expect(fired).toBe(1);
    expect(firedAfterMs).toBeGreaterThanOrEqual(CLEAR_AFTER_MS);
    process.stdout.write(`reminder after deactivation fired ${firedAfterMs} ms after the message\n`);
  });

  it('runs the heartbeat timer while the actor is active', async () => {
    const before = await metric('daca_actor_timers_fired_total', { timer: 'Heartbeat' });
    // Messages every second keep the actor active past two heartbeat periods.
    for (let second = 0; second < 9; second += 1) {
      await chat().send('chatty', `message ${second}`);
      await sleep(1_000);
    }
    expect(await metric('daca_actor_timers_fired_total', { timer: 'Heartbeat' })).toBeGreaterThanOrEqual(before + 2);
  });

  it('unregisters the timer on deactivation: no heartbeat reaches an idle actor', async () => {
    await sleep(3_000);
    const before = await metric('daca_actor_timers_fired_total', { timer: 'Heartbeat' });
    await chat().send('quiet', 'one message, then silence');
    // Idle after 2 s, deactivated; its first heartbeat would have come at 4 s and reactivated it.
    await sleep(9_000);
    expect(await metric('daca_actor_timers_fired_total', { timer: 'Heartbeat' })).toBe(before);
  });
});

describe('the ClearHistory reminder across a restart of chat-agent', () => {
  const { e2e, chat, clearHistoryFired } = useChatAgent({
    CHAT_CLEAR_HISTORY_AFTER: `${CLEAR_AFTER_RESTART_MS}ms`,
  });

  it('fires the reminder after chat-agent was restarted', async () => {
    const sentAt = Date.now();
    await chat().send('survivor', 'do not lose this reminder');
    await e2e().stack.restart('chat-agent');
    expect(Date.now() - sentAt).toBeLessThan(CLEAR_AFTER_RESTART_MS);
    const { firedAfterMs } = await clearHistoryFired('survivor', sentAt);
    expect(firedAfterMs).toBeGreaterThanOrEqual(CLEAR_AFTER_RESTART_MS);
    process.stdout.write(`reminder after restart fired ${firedAfterMs} ms after the message\n`);
  });
});

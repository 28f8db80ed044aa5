import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { metricValue } from '../support/prometheus-text';
import { describeBurst, runChatBurst, type ChatBurstReport } from './chat-burst';
import { ChatClient } from './chat-client';

// A refusal must come at once: well under any client's timeout, on a 2-core machine shared by the
// client, the app, daprd, Redis and the control plane.
const REFUSAL_BOUND_MS = 1_000;
// No deadlock: the last answer of a burst comes within this (the actor call timeout is 60 s).
const BURST_BOUND_MS = 20_000;
// The probe's message waits behind the thousands of requests written just before it.
const PROBE_P99_BOUND_MS = 3_000;

const log = (line: string) => void process.stdout.write(`[overload] ${line}\n`);

describe('chat-agent under a burst of concurrent requests, on the real runtime', () => {
  let e2e: E2eStack;
  let chat: ChatClient;
  let acknowledged = 0;
  const appMetrics = async () => (await fetch(`${e2e.app('chat-agent').url}/metrics`)).text();
  const sidecarMetrics = async () => (await fetch(e2e.app('chat-agent').sidecarMetricsUrl)).text();

  beforeAll(async () => {
    e2e = await startE2eStack({
      apps: ['chat-agent'],
      env: {
        // Every acknowledged message must stay in its history to be found there.
        CHAT_HISTORY_LIMIT: '4000',
        CHAT_CLEAR_HISTORY_AFTER: '1h',
        CHAT_HEARTBEAT_PERIOD: '1h',
        LOG_LEVEL: 'warn',
      },
    });
    chat = new ChatClient(e2e.app('chat-agent'));
    // An app in service has run its code paths before: a small burst first, so that the figures are
    // not those of the first requests the JIT has seen.
    await runChatBurst(e2e.app('chat-agent'), { name: 'warm-up', requests: 200, actorIds: 200 });
  });

  afterAll(() => e2e?.stop());

  /** What every burst must show: answered in time, refused at once, nothing lost or doubled. */
  function expectNoDeadlockAndNothingLost(report: ChatBurstReport): void {
    acknowledged += report.acknowledged;
    expect(report.failures).toEqual([]);
    expect(report.answered[0]).toBeUndefined();
    expect(report.totalMs).toBeLessThan(BURST_BOUND_MS);
    expect(report.slowestRefusalMs).toBeLessThan(REFUSAL_BOUND_MS);
    expect(report.probe.p99Ms).toBeLessThan(PROBE_P99_BOUND_MS);
    expect(Object.keys(report.probe.answered).filter((status) => !['200', '503'].includes(status))).toEqual([]);
    expect(report.probe.answered[200]).toBeGreaterThan(report.probe.sent / 2);
    expect(report.acknowledgedNotStored).toEqual([]);
    expect(report.storedNotAcknowledged).toEqual([]);
    expect(report.storedTwice).toEqual([]);
    expect(report.stored).toBe(report.acknowledged);
  }

  it('2,000 concurrent requests over 2,000 actors: each answered 200 or shed at once with 503, nothing lost', async () => {
    const report = await runChatBurst(e2e.app('chat-agent'), { name: 'many', requests: 2_000, actorIds: 2_000 });
    log(`2,000 over 2,000 ids: ${describeBurst(report)}`);

    expectNoDeadlockAndNothingLost(report);
    expect(report.answered[200]).toBeGreaterThan(0);
    const shed = metricValue(await appMetrics(), 'daca_http_requests_shed_total');
    expect(shed).toBeGreaterThanOrEqual(report.answered[503] ?? 0);
  });

  it('1,000 concurrent requests to one actor: its mailbox takes its limit, the rest get 429 at once, nothing lost', async () => {
    const rejectedBefore = metricValue(await appMetrics(), 'daca_actor_calls_rejected_total', { reason: 'overloaded' });
    const report = await runChatBurst(e2e.app('chat-agent'), { name: 'one', requests: 1_000, actorIds: 1 });
    log(`1,000 to one id: ${describeBurst(report)}`);

    expectNoDeadlockAndNothingLost(report);
    expect(report.answered[200]).toBeGreaterThan(100);
    expect(report.answered[429]).toBeGreaterThan(0);
    const metrics = await appMetrics();
    expect(metricValue(metrics, 'daca_actor_calls_rejected_total', { reason: 'overloaded' }) - rejectedBefore).toBe(
      report.answered[429],
    );
    expect(metrics).toMatch(/^daca_actor_calls_waiting\{actor_type="ChatAgent"\} 0$/m);
    expect(metricValue(metrics, 'daca_actor_turn_wait_seconds_count', { actor_type: 'ChatAgent' })).toBeGreaterThan(0);
  });

  it("kept ChatAgent's circuit breaker closed: daprd ran every call with it closed and never opened it", async () => {
    const metrics = await sidecarMetrics();
    const breaker = (status: string) =>
      metricValue(metrics, 'dapr_resiliency_count', { policy: 'circuitbreaker', target: 'actor_ChatAgent', status });
    expect(breaker('closed')).toBeGreaterThanOrEqual(acknowledged);
    expect([breaker('open'), breaker('half-open')]).toEqual([0, 0]);
    expect(
      metricValue(metrics, 'dapr_resiliency_activations_total', {
        policy: 'circuitbreaker',
        target: 'actor_ChatAgent',
      }),
    ).toBe(0);
  });

  it('serves normally right after the bursts', async () => {
    expect(await chat.send('after-the-bursts', 'still there?')).toEqual({
      status: 200,
      body: { response: { role: 'assistant', content: 'Got your message: still there?' } },
    });
    const hot = await chat.history('one-0');
    expect({ status: hot.status, body: hot.status === 200 ? undefined : hot.body }).toEqual({
      status: 200,
      body: undefined,
    });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sidecarName, startE2eStack, type E2eStack } from '../support/e2e-stack';
import { metricValue } from '../support/prometheus-text';
import { resiliencyCopy } from '../support/resiliency-copy';
import { ChatClient } from './chat-client';

const TRIP_AFTER = 3;
const BREAKER_TIMEOUT_MS = 2_000;

describe("ChatAgent's circuit breaker in daprd: opens on real failures, says so, closes by its policy", () => {
  let e2e: E2eStack;
  let chat: ChatClient;
  const daprdLog = () => readFileSync(join(e2e.logDir, `${sidecarName('chat-agent')}.log`), 'utf8');
  const metrics = async (url: string) => (await fetch(url)).text();

  beforeAll(async () => {
    e2e = await startE2eStack({
      apps: ['chat-agent'],
      env: { FAULT_INJECTION_ENABLED: 'true', CHAT_CLEAR_HISTORY_AFTER: '1h' },
      components: {
        // Every injected state failure fails its message at once, and a few open the breaker briefly.
        'resiliency.yaml': resiliencyCopy((policies) => {
          policies.retries.actorStateRetry.maxRetries = 0;
          policies.circuitBreakers.actorBreaker.trip = `consecutiveFailures >= ${TRIP_AFTER}`;
          policies.circuitBreakers.actorBreaker.timeout = `${BREAKER_TIMEOUT_MS}ms`;
        }),
      },
    });
    chat = new ChatClient(e2e.app('chat-agent'));
  });

  afterAll(() => e2e?.stop());

  it('opens for the failing actor only, answers 503 ActorCircuitOpen at once, and closes after its timeout', async () => {
    expect((await chat.send('fragile', 'before')).status).toBe(200);
    await chat.request('PUT', '/faults/state', JSON.stringify({ failNext: TRIP_AFTER }));
    for (let failure = 1; failure <= TRIP_AFTER; failure += 1) {
      const failed = await chat.send('fragile', `lost ${failure}`);
      expect([failed.status, (failed.body as { error: string }).error]).toEqual([503, 'StateStoreUnavailable']);
    }

    const refusedAt = performance.now();
    const refused = await chat.send('fragile', 'refused');
    expect(performance.now() - refusedAt).toBeLessThan(500);
    expect(refused).toEqual({
      status: 503,
      body: {
        statusCode: 503,
        error: 'ActorCircuitOpen',
        message: expect.stringContaining(
          "ChatAgent/fragile ProcessMessage refused: the actor's circuit breaker is open",
        ) as string,
        correlationId: expect.any(String) as string,
      },
    });
    expect((await chat.send('healthy', 'unaffected')).status).toBe(200);
    expect(daprdLog()).toMatch(/Circuit breaker \\"ChatAgent-fragile\\" changed state from closed to open/);
    const app = await metrics(`${e2e.app('chat-agent').url}/metrics`);
    expect(
      metricValue(app, 'daca_actor_calls_rejected_total', { actor_type: 'ChatAgent', reason: 'circuit_open' }),
    ).toBe(1);
    const sidecar = await metrics(e2e.app('chat-agent').sidecarMetricsUrl);
    const opened = { policy: 'circuitbreaker', target: 'actor_ChatAgent', status: 'open' };
    expect(metricValue(sidecar, 'dapr_resiliency_activations_total', opened)).toBeGreaterThanOrEqual(1);

    await new Promise((resolve) => setTimeout(resolve, BREAKER_TIMEOUT_MS + 200));
    expect((await chat.send('fragile', 'after')).status).toBe(200);
    expect(daprdLog()).toMatch(/Circuit breaker \\"ChatAgent-fragile\\" changed state from half-open to closed/);
    expect((await chat.history('fragile')).body).toEqual({
      history: [
        { role: 'user', content: 'before' },
        { role: 'assistant', content: 'Got your message: before' },
        { role: 'user', content: 'after' },
        { role: 'assistant', content: 'Got your message: after' },
      ],
    });
  });
});

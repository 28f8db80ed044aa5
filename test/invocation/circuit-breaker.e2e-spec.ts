import { setTimeout as sleep } from 'node:timers/promises';
import { failedCall, InvocationStack } from './invocation-stack';

const BREAKER = { policy: 'circuitbreaker', target: 'app_callee-app' };

describe('sustained failures open the circuit breaker (trip: consecutiveFailures >= 8), which closes after its timeout', () => {
  let stack: InvocationStack;
  const breakerState = async () => {
    for (const status of ['closed', 'half-open', 'open']) {
      if ((await stack.sidecarMetric('dapr_resiliency_cb_state', { ...BREAKER, status })) === 1) return status;
    }
    return 'unknown';
  };

  beforeAll(async () => {
    // Eight failures: two calls of four attempts each trip the breaker; the ninth call succeeds.
    stack = await InvocationStack.start({ SIMULATE_FAILURE: 'true', MAX_FAILS_BEFORE_SUCCESS: '8' });
  });

  afterAll(() => stack?.stop());

  it('answers 502 for two exhausted calls, then 503 without calling the callee while the breaker is open', async () => {
    expect((await stack.callGreet('Alice')).status).toBe(502);
    expect((await stack.callGreet('Alice')).status).toBe(502);
    expect(await stack.calleeFailures()).toBe(8);
    expect(await stack.sidecarMetric('dapr_resiliency_activations_total', { ...BREAKER, status: 'open' })).toBe(1);

    for (let call = 0; call < 3; call += 1) {
      const answer = await stack.callGreet('Alice');
      expect(answer).toEqual(
        failedCall(503, { message: 'callee-app is failing and its circuit breaker is open; calls resume after 2s' }),
      );
      expect(answer.ms).toBeLessThan(100);
    }
    expect(await stack.calleeFailures()).toBe(8);
    expect(await stack.attemptsSent()).toBe(8);
    // daprd records the gauge as each call begins.
    expect(await breakerState()).toBe('open');
  });

  it('lets a trial call through after the timeout (2s in the test copy) and closes again when it succeeds', async () => {
    await sleep(2_200);
    expect((await stack.callGreet('Alice')).body).toEqual({ message: 'Hello, Alice from callee-app!' });
    expect(await breakerState()).toBe('half-open');
    expect(await stack.sidecarMetric('dapr_resiliency_activations_total', { ...BREAKER, status: 'closed' })).toBe(1);

    // Closed: the callee's next round of failures is retried (four attempts) instead of refused.
    const sent = await stack.attemptsSent();
    expect((await stack.callGreet('Bob')).status).toBe(502);
    expect(await stack.attemptsSent()).toBe(sent + 4);
    expect(await breakerState()).toBe('closed');
  });
});

import { failedCall, InvocationStack } from './invocation-stack';

describe('a callee slower than the timeout (SIMULATED_LATENCY=1s, calleeTimeout 300ms in the test copy)', () => {
  let stack: InvocationStack;

  beforeAll(async () => {
    stack = await InvocationStack.start(
      { SIMULATE_FAILURE: 'true', MAX_FAILS_BEFORE_SUCCESS: '0', SIMULATED_LATENCY: '1s' },
      { resiliency: (policies) => void (policies.timeouts.calleeTimeout = '300ms') },
    );
  });

  afterAll(() => stack?.stop());

  it('answers 504 once every attempt timed out, in about 4 × 300ms + 3 × 100ms', async () => {
    const answer = await stack.callGreet('Alice');
    expect(answer).toEqual(
      failedCall(504, { message: 'callee-app did not answer within 0.3s on any attempt (resiliency.yaml timeout)' }),
    );
    expect(answer.ms).toBeGreaterThanOrEqual(1_500);
    expect(answer.ms).toBeLessThan(3_000);
    expect(await stack.attemptsSent()).toBe(4);
    expect(
      await stack.sidecarMetric('dapr_resiliency_activations_total', { policy: 'timeout', target: 'app_callee-app' }),
    ).toBe(1);
  });

  it('serves the greeting directly after the added latency', async () => {
    const started = performance.now();
    const response = await fetch(`${stack.e2e.app('callee-app').url}/greet/Bob`);
    expect(await response.json()).toEqual({ message: 'Hello, Bob from callee-app!' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
  });
});

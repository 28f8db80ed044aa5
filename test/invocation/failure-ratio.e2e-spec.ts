import { InvocationStack } from './invocation-stack';

const CALLS = 40;

describe('the callee fails a share of calls at random (FAILURE_RATIO=0.5, FAILURE_STATUS_CODE=503)', () => {
  let stack: InvocationStack;

  beforeAll(async () => {
    stack = await InvocationStack.start(
      { SIMULATE_FAILURE: 'true', MAX_FAILS_BEFORE_SUCCESS: '0', FAILURE_RATIO: '0.5', FAILURE_STATUS_CODE: '503' },
      // Eight failed attempts in a row are likely among random ones: keep the breaker out of this test.
      { resiliency: (policies) => void (policies.circuitBreakers.calleeBreaker.trip = 'consecutiveFailures >= 1000') },
    );
  });

  afterAll(() => stack?.stop());

  it('answers about half of the calls with 503 and its detail, and counts exactly those', async () => {
    const answers = [];
    for (let call = 0; call < CALLS; call += 1) {
      const response = await fetch(`${stack.e2e.app('callee-app').url}/greet/Ann`);
      answers.push({ status: response.status, body: await response.json() });
    }
    const failed = answers.filter(({ status }) => status !== 200);
    expect(new Set(failed.map(({ status, body }) => JSON.stringify({ status, body })))).toEqual(
      new Set([
        JSON.stringify({
          status: 503,
          body: { detail: 'Simulated random error from callee-service (failure ratio 0.5)' },
        }),
      ]),
    );
    // 40 draws at 0.5: fewer than 5 or more than 35 failures happens about once in a million runs.
    expect(failed.length).toBeGreaterThanOrEqual(5);
    expect(failed.length).toBeLessThanOrEqual(CALLS - 5);
    expect(await stack.calleeFailures('503')).toBe(failed.length);
  });

  it('is ridden out by the sidecar retries through the caller, almost always', async () => {
    // Four attempts at 0.5 each: one call in 16 still fails; more than five of ten, about once in 10^5 runs.
    const statuses = [];
    for (let call = 0; call < 10; call += 1) statuses.push((await stack.callGreet('Bo')).status);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(5);
    expect(statuses.every((status) => status === 200 || status === 502)).toBe(true);
  });
});

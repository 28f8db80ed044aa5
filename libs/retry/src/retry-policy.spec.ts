import { retryDelayMs, type RetryPolicy } from './retry-policy';

describe('retryDelayMs', () => {
  it("waits the same time before each retry of a constant policy (the lab's myRetryPolicy)", () => {
    const lab: RetryPolicy = { name: 'myRetryPolicy', policy: 'constant', durationMs: 5_000, maxRetries: 3 };
    expect([1, 2, 3, 4].map((retry) => retryDelayMs(lab, retry))).toEqual([5_000, 5_000, 5_000, undefined]);
  });

  it('doubles the wait of an exponential policy up to its maximum interval', () => {
    const policy: RetryPolicy = {
      name: 'backoff',
      policy: 'exponential',
      initialIntervalMs: 100,
      maxIntervalMs: 500,
      maxRetries: 5,
    };
    expect([1, 2, 3, 4, 5, 6].map((retry) => retryDelayMs(policy, retry))).toEqual([
      100,
      200,
      400,
      500,
      500,
      undefined,
    ]);
  });
});

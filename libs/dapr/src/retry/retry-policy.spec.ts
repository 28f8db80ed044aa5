import { retriesStatus, retryDelayMs, type RetryPolicy } from './retry-policy';

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

  it("spreads an exponential wait over ±randomizationFactor, like daprd's backoff", () => {
    const policy: RetryPolicy = {
      name: 'jittered',
      policy: 'exponential',
      initialIntervalMs: 500,
      maxIntervalMs: 60_000,
      multiplier: 1.5,
      randomizationFactor: 0.5,
      maxRetries: 3,
    };
    expect([0, 0.5, 0.999999].map((random) => retryDelayMs(policy, 2, () => random))).toEqual([375, 750, 1125]);
  });
});

describe('retriesStatus', () => {
  const base: RetryPolicy = { name: 'p', policy: 'constant', durationMs: 1, maxRetries: 1 };

  it('retries every status without matching', () => {
    expect([400, 500].map((status) => retriesStatus(base, status))).toEqual([true, true]);
  });

  it('retries only the matching ranges', () => {
    const policy: RetryPolicy = {
      ...base,
      retryOnStatus: [
        [500, 599],
        [429, 429],
      ],
    };
    expect([404, 429, 500, 503, 600].map((status) => retriesStatus(policy, status))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });
});

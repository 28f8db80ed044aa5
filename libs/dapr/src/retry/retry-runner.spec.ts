import { Registry } from 'prom-client';
import { DaprMetricsRegistry } from '../metrics/dapr-metrics-registry';
import { RetryExhaustedError } from './retry-exhausted.error';
import { RetryMetrics } from './retry-metrics';
import type { RetryPolicy } from './retry-policy';
import { RetryRunner } from './retry-runner';

const policy: RetryPolicy = { name: 'quick', policy: 'constant', durationMs: 1, maxRetries: 2 };
const labels = { target: 'store', operation: 'get' };

/** An operation that fails `failures` times, then answers 'done'. */
const failingTimes = (failures: number) => {
  let calls = 0;
  return async (): Promise<string> => {
    calls += 1;
    if (calls <= failures) throw new Error(`failure ${calls}`);
    return Promise.resolve('done');
  };
};

describe('RetryRunner', () => {
  let registry: Registry;
  let runner: RetryRunner;
  const count = async (outcome: string) =>
    (await registry.getSingleMetric('daca_retry_attempts_total')!.get()).values.find(
      (value) => value.labels.outcome === outcome,
    )?.value ?? 0;

  beforeEach(() => {
    registry = new Registry();
    runner = new RetryRunner(new RetryMetrics(new DaprMetricsRegistry(registry, 'daca_')));
  });

  it('retries until the operation succeeds and counts each retry and the success', async () => {
    expect(await runner.run(policy, labels, failingTimes(2))).toBe('done');
    expect([await count('retry'), await count('success'), await count('exhausted')]).toEqual([2, 1, 0]);
  });

  it('gives up after maxRetries with the last error, counted as exhausted', async () => {
    const outcome = runner.run(policy, labels, failingTimes(3));
    await expect(outcome).rejects.toThrow(new RetryExhaustedError('quick', 3, new Error('failure 3')));
    await expect(outcome).rejects.toMatchObject({ attempts: 3 });
    expect([await count('retry'), await count('exhausted')]).toEqual([2, 1]);
  });

  it('throws an error the caller says is permanent as it is, without retrying', async () => {
    const outcome = runner.run(policy, labels, failingTimes(1), { retryable: () => false });
    await expect(outcome).rejects.toThrow(new Error('failure 1'));
    await expect(outcome).rejects.not.toBeInstanceOf(RetryExhaustedError);
    expect([await count('retry'), await count('exhausted'), await count('permanent')]).toEqual([0, 0, 1]);
  });

  it("throws an error whose status the policy's matching leaves out as it is, status included", async () => {
    const matching: RetryPolicy = { ...policy, retryOnStatus: [[500, 599]] };
    const refused = Object.assign(new Error('not found'), { status: 404 });
    const outcome = runner.run(matching, labels, () => Promise.reject(refused));
    await expect(outcome).rejects.toBe(refused);
    expect([await count('retry'), await count('permanent')]).toEqual([0, 1]);
  });
});

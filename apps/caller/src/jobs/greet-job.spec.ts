import { InvocationFailedException, type RetryPolicy } from '@daca/dapr';
import { policyBackoff } from './greet-job';

const policy: RetryPolicy = { name: 'jobRetry', policy: 'constant', durationMs: 1_000, maxRetries: 3 };
const job = { data: { name: 'Bob', policy } };

describe('policyBackoff', () => {
  it("waits as the job's policy says", () => {
    expect(policyBackoff(1, 'retry-policy', new Error('down'), job)).toBe(1_000);
  });

  it('waits out an open circuit breaker when that is longer', () => {
    const open = new InvocationFailedException('circuit-open', 'callee-app', 'open', { retryAfterMs: 30_000 });
    expect(policyBackoff(1, 'retry-policy', open, job)).toBe(30_000);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadResiliency } from './resiliency-file';
import { ResiliencyPolicies } from './resiliency-policies';

const SHIPPED = resolve(__dirname, '../../../components');

function resourcesWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'resiliency-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('loadResiliency', () => {
  it("reads the shipped components/resiliency.yaml: the lab's myRetryPolicy and callee-app's target", () => {
    const policies = new ResiliencyPolicies({ resourcesPath: SHIPPED, appId: 'caller-app' });
    expect(policies.retry('myRetryPolicy')).toEqual({
      name: 'myRetryPolicy',
      policy: 'constant',
      durationMs: 5_000,
      maxRetries: 3,
      retryOnStatus: [[500, 599]],
    });
    expect(policies.appTarget('callee-app')).toEqual({
      retry: policies.retry('myRetryPolicy'),
      timeoutMs: 3_000,
      circuitBreaker: {
        name: 'calleeBreaker',
        maxRequests: 1,
        intervalMs: 0,
        timeoutMs: 30_000,
        trip: 'consecutiveFailures >= 8',
      },
    });
    expect(policies.appTarget('unknown-app')).toEqual({});
  });

  it("gives an exponential policy daprd's fixed initial interval, multiplier and jitter", () => {
    const dir = resourcesWith({
      'resiliency.yaml': `apiVersion: dapr.io/v1alpha1
kind: Resiliency
metadata: { name: r }
spec:
  policies:
    retries:
      backoff: { policy: exponential, maxInterval: 15s, maxRetries: 5, matching: { httpStatusCodes: '429,500-503' } }
      forever: { policy: constant, duration: 250 }
`,
    });
    const policies = new ResiliencyPolicies({ resourcesPath: dir, appId: 'any' });
    expect(policies.retry('backoff')).toEqual({
      name: 'backoff',
      policy: 'exponential',
      initialIntervalMs: 500,
      multiplier: 1.5,
      randomizationFactor: 0.5,
      maxIntervalMs: 15_000,
      maxRetries: 5,
      retryOnStatus: [
        [429, 429],
        [500, 503],
      ],
    });
    expect(() => policies.retry('forever')).toThrow(
      "retry policy 'forever' has no maxRetries: give it one to use it in-process",
    );
    expect(() => policies.retry('missing')).toThrow(
      `retry policy 'missing' is not in the Resiliency resources of ${dir} for any; known: backoff, forever`,
    );
  });

  it('skips other kinds and documents scoped to other apps', () => {
    const dir = resourcesWith({
      'statestore.yaml': 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: { name: statestore }\n',
      'resiliency.yml': `kind: Resiliency
metadata: { name: mine }
scopes: [caller-app]
spec: { policies: { timeouts: { quick: 1s } } }
---
kind: Resiliency
metadata: { name: theirs }
scopes: [chat-agent]
spec: { policies: { timeouts: { slow: 1m } } }
`,
    });
    expect([...loadResiliency(dir, 'caller-app').timeouts]).toEqual([['quick', 1_000]]);
  });

  it('says where and what is wrong with a policy', () => {
    const dir = resourcesWith({
      'resiliency.yaml': `kind: Resiliency
metadata: { name: bad }
spec:
  policies:
    retries:
      odd: { policy: fibonacci, maxRetries: 1 }
`,
    });
    expect(() => loadResiliency(dir, 'a')).toThrow(
      `${dir} (bad): spec.policies.retries.odd.policy: 'fibonacci' is not a retry policy: use constant or exponential`,
    );
    const codes = resourcesWith({
      'resiliency.yaml': `kind: Resiliency
metadata: { name: bad }
spec: { policies: { retries: { p: { maxRetries: 1, matching: { httpStatusCodes: '5xx' } } } } }
`,
    });
    expect(() => loadResiliency(codes, 'a')).toThrow(
      `${codes} (bad): spec.policies.retries.p.matching.httpStatusCodes: '5xx' is not a status code or range: write it like 500-599,429`,
    );
  });
});

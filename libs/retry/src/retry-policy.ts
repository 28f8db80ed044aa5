/**
 * A retry policy in the terms of Dapr's resiliency spec, so that one model serves the sidecar's
 * components/resiliency.yaml and the apps' own retries.
 */
export type RetryPolicy = { name: string; maxRetries: number } & (
  | { policy: 'constant'; durationMs: number }
  | { policy: 'exponential'; initialIntervalMs: number; maxIntervalMs: number }
);

/** The wait before retry number `retry` (1 for the first retry), or undefined when none is left. */
export function retryDelayMs(policy: RetryPolicy, retry: number): number | undefined {
  if (retry < 1 || retry > policy.maxRetries) return undefined;
  if (policy.policy === 'constant') return policy.durationMs;
  return Math.min(policy.initialIntervalMs * 2 ** (retry - 1), policy.maxIntervalMs);
}

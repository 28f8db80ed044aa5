/** Inclusive ranges of HTTP status codes, e.g. [[500, 599]] for Dapr's `httpStatusCodes: 500-599`. */
export type StatusCodeRanges = [number, number][];

/**
 * A retry policy in the terms of Dapr's resiliency spec, so that one model serves the sidecar's
 * components/resiliency.yaml and the apps' own retries.
 */
export type RetryPolicy = {
  name: string;
  maxRetries: number;
  /**
   * Which HTTP statuses are worth another attempt (Dapr's `matching.httpStatusCodes`). Applies to
   * errors that carry a numeric `status`; when absent, every failure is retried.
   */
  retryOnStatus?: StatusCodeRanges;
} & (
  | { policy: 'constant'; durationMs: number }
  | {
      policy: 'exponential';
      initialIntervalMs: number;
      maxIntervalMs: number;
      /** Growth of the wait per retry (default 2). */
      multiplier?: number;
      /** Jitter: each wait is drawn from ±this fraction of it (default 0, none). */
      randomizationFactor?: number;
    }
);

/** A retry policy without maxRetries: daprd retries it forever, which no in-process caller should. */
export interface UnboundedRetry {
  name: string;
  unbounded: true;
}

/**
 * The wait before retry number `retry` (1 for the first retry), or undefined when none is left.
 * `random` (0 ≤ r < 1) places a jittered wait within its range.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retry: number,
  random: () => number = Math.random,
): number | undefined {
  if (retry < 1 || retry > policy.maxRetries) return undefined;
  if (policy.policy === 'constant') return policy.durationMs;
  const interval = policy.initialIntervalMs * (policy.multiplier ?? 2) ** (retry - 1);
  const jitter = policy.randomizationFactor ?? 0;
  const delay = interval * (1 - jitter + 2 * jitter * random());
  return Math.round(Math.min(delay, policy.maxIntervalMs));
}

/** Whether an HTTP status is one the policy retries. */
export function retriesStatus(policy: RetryPolicy, status: number): boolean {
  return policy.retryOnStatus?.some(([from, to]) => status >= from && status <= to) ?? true;
}

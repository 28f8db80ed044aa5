import type { Job } from 'bullmq';
import { retryDelayMs, type CarriedContext, type RetryPolicy, type UpstreamDetails } from '@daca/dapr';

export const GREET_JOBS_QUEUE = 'greet-jobs';

/**
 * What a greet job carries: the name, the policy it was queued under (so a restart keeps it), and the
 * context of the request that queued it (its attempts belong to that request's trace and correlation id).
 */
export interface GreetJobData {
  name: string;
  policy: RetryPolicy;
  origin?: CarriedContext;
}

export type GreetJob = Job<GreetJobData, unknown>;

/** BullMQ backoff type of jobs whose waits follow their own retry policy. */
export const POLICY_BACKOFF = 'retry-policy';

/**
 * The wait before the next attempt of a job, from the policy it carries; at least as long as an open
 * circuit breaker stays open, so that attempts are not spent on calls the sidecar refuses.
 */
export function policyBackoff(attemptsMade: number, _type?: string, error?: Error, job?: { data: unknown }): number {
  const { policy } = (job?.data ?? {}) as Partial<GreetJobData>;
  const delay = policy ? (retryDelayMs(policy, attemptsMade) ?? 0) : 0;
  const retryAfterMs = (error as { details?: UpstreamDetails } | undefined)?.details?.retryAfterMs ?? 0;
  return Math.max(delay, retryAfterMs);
}

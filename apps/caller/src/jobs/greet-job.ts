import type { Job } from 'bullmq';
import { retryDelayMs, type RetryPolicy } from '@daca/retry';

export const GREET_JOBS_QUEUE = 'greet-jobs';

/** What a greet job carries: the name, and the policy it was queued under (so a restart keeps it). */
export interface GreetJobData {
  name: string;
  policy: RetryPolicy;
}

export type GreetJob = Job<GreetJobData, unknown>;

/** BullMQ backoff type of jobs whose waits follow their own retry policy. */
export const POLICY_BACKOFF = 'retry-policy';

/** The wait before the next attempt of a job, from the policy it carries. */
export function policyBackoff(attemptsMade: number, _type?: string, _error?: Error, job?: { data: unknown }): number {
  const { policy } = (job?.data ?? {}) as Partial<GreetJobData>;
  return policy ? (retryDelayMs(policy, attemptsMade) ?? 0) : 0;
}

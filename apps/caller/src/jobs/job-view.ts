import type { GreetJob } from './greet-job';

/** What GET /jobs/{id} answers about a job. */
export interface JobView {
  id: string;
  name: string;
  state: string;
  attempts: number;
  maxAttempts: number;
  policy: string;
  result?: unknown;
  lastError?: string;
  queuedAt: string;
  finishedAt?: string;
}

/** The view of `job`, in `state` (read before the job, so that its fields are at least as recent). */
export function jobView(job: GreetJob, state: string): JobView {
  return {
    id: job.id!,
    name: job.data.name,
    state,
    attempts: job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    policy: job.data.policy.name,
    ...(job.returnvalue !== null && job.returnvalue !== undefined && { result: job.returnvalue }),
    ...(job.failedReason && { lastError: job.failedReason }),
    queuedAt: new Date(job.timestamp).toISOString(),
    ...(job.finishedOn && { finishedAt: new Date(job.finishedOn).toISOString() }),
  };
}

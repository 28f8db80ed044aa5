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

export async function jobView(job: GreetJob): Promise<JobView> {
  return {
    id: job.id!,
    name: job.data.name,
    state: await job.getState(),
    attempts: job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    policy: job.data.policy.name,
    ...(job.returnvalue !== null && job.returnvalue !== undefined && { result: job.returnvalue }),
    ...(job.failedReason && { lastError: job.failedReason }),
    queuedAt: new Date(job.timestamp).toISOString(),
    ...(job.finishedOn && { finishedAt: new Date(job.finishedOn).toISOString() }),
  };
}

import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { InvocationFailedException, RetryMetrics, resumeContext, retriesStatus } from '@daca/dapr';
import { CALLEE_APP_ID, CalleeClient } from '../invocation/callee.client';
import { GREET_JOBS_QUEUE, policyBackoff, type GreetJob } from './greet-job';
import { JobMetrics } from './job-metrics';

const OPERATION = 'greet-job';

/**
 * Runs greet jobs: each attempt invokes the callee through Dapr (whose sidecar retries as well);
 * a failed attempt is retried after the wait of the job's policy, a status the policy does not
 * retry fails the job at once. Every attempt is counted under the policy, like in-process retries.
 */
@Processor(GREET_JOBS_QUEUE, { settings: { backoffStrategy: policyBackoff } })
export class GreetJobProcessor extends WorkerHost {
  private readonly logger = new Logger(GreetJobProcessor.name);

  constructor(
    private readonly callee: CalleeClient,
    private readonly retries: RetryMetrics,
    private readonly jobs: JobMetrics,
  ) {
    super();
  }

  // BullMQ passes `signal` (cancelled jobs, e.g. at shutdown) only to a processor that declares three parameters.
  async process(job: GreetJob, _token?: string, signal?: AbortSignal): Promise<unknown> {
    try {
      return await resumeContext(job.data.origin ?? {}, `${GREET_JOBS_QUEUE} process`, () =>
        this.callee.greet(job.data.name, signal),
      );
    } catch (error) {
      const status = error instanceof InvocationFailedException ? error.details.upstreamStatus : undefined;
      if (status !== undefined && !retriesStatus(job.data.policy, status)) {
        throw new UnrecoverableError((error as Error).message);
      }
      throw error;
    }
  }

  @OnWorkerEvent('completed')
  onCompleted(job: GreetJob): void {
    this.retries.attempts.inc({ ...this.series(job), outcome: 'success' });
    this.jobs.count(GREET_JOBS_QUEUE, 'completed');
  }

  @OnWorkerEvent('failed')
  onFailed(job: GreetJob | undefined, error: Error): void {
    if (!job) return;
    const maxAttempts = job.opts.attempts ?? 1;
    const final = job.attemptsMade >= maxAttempts || error instanceof UnrecoverableError;
    this.retries.attempts.inc({ ...this.series(job), outcome: final ? 'exhausted' : 'retry' });
    this.jobs.count(GREET_JOBS_QUEUE, final ? 'failed' : 'retried');
    if (final) {
      this.logger.error(
        { jobId: job.id, attempts: job.attemptsMade },
        `greet job ${job.id} failed after ${job.attemptsMade} attempt(s): ${error.message}`,
      );
      return;
    }
    this.logger.warn(
      { jobId: job.id, ...this.series(job), attempt: job.attemptsMade },
      `retrying greet job ${job.id} in ${job.delay} ms (attempt ${job.attemptsMade} of ${maxAttempts} failed: ${error.message})`,
    );
  }

  private series(job: GreetJob): { policy: string; target: string; operation: string } {
    return { policy: job.data.policy.name, target: CALLEE_APP_ID, operation: OPERATION };
  }
}

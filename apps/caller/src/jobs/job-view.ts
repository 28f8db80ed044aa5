import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { GreetJob } from './greet-job';

/** What GET /jobs/{id} answers about a job. */
export class JobView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'The name to greet' })
  name!: string;

  @ApiProperty({ description: "BullMQ's state of the job", example: 'completed' })
  state!: string;

  @ApiProperty({ type: 'integer' })
  attempts!: number;

  @ApiProperty({ type: 'integer' })
  maxAttempts!: number;

  @ApiProperty({ description: 'The retry policy the job runs under' })
  policy!: string;

  @ApiPropertyOptional({ description: "callee's greeting, once completed" })
  result?: unknown;

  @ApiPropertyOptional()
  lastError?: string;

  @ApiProperty({ format: 'date-time' })
  queuedAt!: string;

  @ApiPropertyOptional({ format: 'date-time' })
  finishedAt?: string;
}

/** GET /jobs/failed: the jobs that failed every attempt. */
export class FailedJobs {
  @ApiProperty({ type: JobView, isArray: true })
  jobs!: JobView[];
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

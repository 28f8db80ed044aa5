import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, NotFoundException, ConflictException } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { carryContext, type RetryPolicy } from '@daca/dapr';
import { GREET_JOBS_QUEUE, POLICY_BACKOFF, type GreetJob, type GreetJobData } from './greet-job';
import { GreetJobsRedis } from './greet-jobs-redis';
import { JobMetrics } from './job-metrics';
import { jobView, type JobView } from './job-view';
import { jobsConfig, type JobsConfig } from './jobs.config';

/** Greet jobs in Redis (BullMQ): queued, looked up, listed when failed, retried on demand. */
@Injectable()
export class GreetJobsService {
  private readonly policy: RetryPolicy;

  constructor(
    @InjectQueue(GREET_JOBS_QUEUE) private readonly queue: Queue<GreetJobData>,
    private readonly metrics: JobMetrics,
    private readonly redis: GreetJobsRedis,
    @Inject(jobsConfig.KEY) config: JobsConfig,
  ) {
    this.policy = config.retryPolicy;
  }

  async enqueue(name: string): Promise<JobView> {
    this.redis.assertAvailable();
    const job = await this.queue.add(
      'greet',
      { name, policy: this.policy, origin: carryContext() },
      {
        jobId: randomUUID(),
        attempts: this.policy.maxRetries + 1,
        backoff: { type: POLICY_BACKOFF },
        removeOnComplete: { age: 24 * 3600 },
      },
    );
    this.metrics.count(GREET_JOBS_QUEUE, 'queued');
    return this.find(job.id!);
  }

  async find(id: string): Promise<JobView> {
    this.redis.assertAvailable();
    const state = await this.queue.getJobState(id);
    return jobView(await this.job(id), state);
  }

  /** Jobs that used up their attempts (or failed for good), newest first. */
  async failed(): Promise<JobView[]> {
    this.redis.assertAvailable();
    const jobs = (await this.queue.getFailed()) as GreetJob[];
    return jobs.map((job) => jobView(job, 'failed'));
  }

  /** Puts a failed job back in the queue for a new round of attempts. */
  async retry(id: string): Promise<JobView> {
    this.redis.assertAvailable();
    const state = await this.queue.getJobState(id);
    const job = await this.job(id);
    if (state !== 'failed') throw new ConflictException(`job ${id} is ${state}; only failed jobs can be retried`);
    await job.retry('failed', { resetAttemptsMade: true });
    this.metrics.count(GREET_JOBS_QUEUE, 'queued');
    return this.find(id);
  }

  private async job(id: string): Promise<GreetJob> {
    const job = (await this.queue.getJob(id)) as GreetJob | undefined;
    if (!job) throw new NotFoundException(`no job ${id}: it never existed, or it completed more than a day ago`);
    return job;
  }
}

import { InjectQueue } from '@nestjs/bullmq';
import {
  Injectable,
  Logger,
  ServiceUnavailableException,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Queue } from 'bullmq';
import { closeForShutdown, DependencyMonitor, watchBullMq, type Dependency } from '@daca/dapr';
import { GREET_JOBS_QUEUE, type GreetJobData } from './greet-job';
import { GreetJobProcessor } from './greet-job.processor';

/**
 * The Redis of the greet jobs: its state in readiness, its outages in the log, requests refused at
 * once while it is down (instead of waiting for it), and a shutdown that does not wait for it.
 */
@Injectable()
export class GreetJobsRedis implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(GreetJobsRedis.name);
  private readonly redis: Dependency;

  constructor(
    @InjectQueue(GREET_JOBS_QUEUE) private readonly queue: Queue<GreetJobData>,
    private readonly processor: GreetJobProcessor,
    dependencies: DependencyMonitor,
  ) {
    this.redis = dependencies.dependency(
      'redis',
      'greet jobs can be neither queued nor run, and this app reports not ready',
    );
    watchBullMq(this.redis, 'greet jobs queue', queue, this.logger);
  }

  // @nestjs/bullmq creates the worker when the module initialises.
  onApplicationBootstrap(): void {
    watchBullMq(this.redis, 'greet jobs worker', this.processor.worker, this.logger);
  }

  /** Throws a 503 that says what to do while Redis is down. */
  assertAvailable(): void {
    const { up, reason } = this.redis.state;
    if (!up) {
      throw new ServiceUnavailableException(
        `Redis, which keeps the greet jobs, is unreachable (${reason}); try again once GET /health/ready answers 200`,
      );
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await closeForShutdown(this.redis, [this.processor.worker], [this.queue]);
  }
}

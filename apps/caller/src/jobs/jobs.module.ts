import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { redisConfig, type RedisConfig } from '@daca/config';
import { InvocationModule } from '../invocation/invocation.module';
import { GREET_JOBS_QUEUE } from './greet-job';
import { GreetJobProcessor } from './greet-job.processor';
import { GreetJobsController } from './greet-jobs.controller';
import { GreetJobsService } from './greet-jobs.service';
import { JobMetrics } from './job-metrics';
import { jobsConfig } from './jobs.config';

/** Durable greet jobs on BullMQ, in the stack's Redis: they outlive a restart of the caller. */
@Module({
  imports: [
    ConfigModule.forFeature(jobsConfig),
    BullModule.forRootAsync({
      imports: [ConfigModule.forFeature(redisConfig)],
      inject: [redisConfig.KEY],
      // Workers block on Redis: ioredis must not give up on a command after a few retries.
      useFactory: (redis: RedisConfig) => ({ connection: { ...redis, maxRetriesPerRequest: null } }),
    }),
    BullModule.registerQueue({ name: GREET_JOBS_QUEUE }),
    InvocationModule,
  ],
  controllers: [GreetJobsController],
  providers: [GreetJobsService, GreetJobProcessor, JobMetrics],
})
export class JobsModule {}

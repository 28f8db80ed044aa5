import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { redisConfig, type RedisConfig } from '@daca/config';
import { bullMqConnection } from '@daca/dapr';
import { InvocationModule } from '../invocation/invocation.module';
import { GREET_JOBS_QUEUE } from './greet-job';
import { GreetJobProcessor } from './greet-job.processor';
import { GreetJobsController } from './greet-jobs.controller';
import { GreetJobsRedis } from './greet-jobs-redis';
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
      useFactory: (redis: RedisConfig) => ({ connection: bullMqConnection(redis) }),
    }),
    BullModule.registerQueue({ name: GREET_JOBS_QUEUE }),
    InvocationModule,
  ],
  controllers: [GreetJobsController],
  providers: [GreetJobsService, GreetJobProcessor, GreetJobsRedis, JobMetrics],
})
export class JobsModule {}

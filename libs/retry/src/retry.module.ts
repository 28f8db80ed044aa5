import { Global, Module } from '@nestjs/common';
import { RetryMetrics } from './retry-metrics';
import { RetryRunner } from './retry-runner';

/** In-process retries under the shared policy model; import once per app. */
@Global()
@Module({ providers: [RetryRunner, RetryMetrics], exports: [RetryRunner] })
export class RetryModule {}

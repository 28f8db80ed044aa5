import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { resiliencyConfig } from './resiliency.config';
import { ResiliencyPolicies } from './resiliency-policies';
import { RetryMetrics } from './retry-metrics';
import { RetryRunner } from './retry-runner';

/** In-process retries under the shared policy model, and the policies of resiliency.yaml; import once per app. */
@Global()
@Module({
  imports: [ConfigModule.forFeature(resiliencyConfig)],
  providers: [RetryRunner, RetryMetrics, ResiliencyPolicies],
  exports: [RetryRunner, RetryMetrics, ResiliencyPolicies],
})
export class RetryModule {}

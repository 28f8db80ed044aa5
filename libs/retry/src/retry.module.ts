import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { resiliencyConfig } from './resiliency.config';
import { ResiliencyPolicies } from './resiliency-policies';

/** The policies of the resiliency.yaml the app's sidecar applies; import once per app. */
@Global()
@Module({
  imports: [ConfigModule.forFeature(resiliencyConfig)],
  providers: [ResiliencyPolicies],
  exports: [ResiliencyPolicies],
})
export class RetryModule {}

export { RetryModule } from './retry.module';
export { resiliencyConfig, type ResiliencyConfig } from './resiliency.config';
export { ResiliencyPolicies } from './resiliency-policies';
export { configuredRetryPolicy } from './configured-retry-policy';

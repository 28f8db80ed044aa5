export { RetryExhaustedError } from './retry-exhausted.error';
export { retriesStatus, retryDelayMs, type RetryPolicy } from './retry-policy';
export { RetryRunner } from './retry-runner';
export { RetryMetrics } from './retry-metrics';
export { RetryModule } from './retry.module';
export { resiliencyConfig } from './resiliency.config';
export { ResiliencyPolicies } from './resiliency-policies';
export { configuredRetryPolicy } from './configured-retry-policy';

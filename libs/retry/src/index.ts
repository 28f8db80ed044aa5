export { RetryExhaustedError } from './retry-exhausted.error';
export { retriesStatus, retryDelayMs, type RetryPolicy, type StatusCodeRanges } from './retry-policy';
export { RetryRunner, type RetryLabels, type RetryOptions } from './retry-runner';
export { RetryMetrics } from './retry-metrics';
export { RetryModule } from './retry.module';
export { resiliencyConfig, type ResiliencyConfig } from './resiliency.config';
export { loadResiliency } from './resiliency-file';
export { ResiliencyPolicies, type AppTargetPolicies } from './resiliency-policies';
export { parseResiliency, type CircuitBreakerPolicy, type ResiliencySpec } from './resiliency-spec';

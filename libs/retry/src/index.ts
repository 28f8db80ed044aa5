export { RetryExhaustedError } from './retry-exhausted.error';
export { retryDelayMs, type RetryPolicy } from './retry-policy';
export { RetryRunner, type RetryLabels, type RetryOptions } from './retry-runner';
export { RetryModule } from './retry.module';

export { retryDelayMs, type RetryPolicy } from './retry-policy';

import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { RetryExhaustedError } from './retry-exhausted.error';
import { RetryMetrics } from './retry-metrics';
import { retriesStatus, retryDelayMs, type RetryPolicy } from './retry-policy';

export interface RetryLabels {
  /** What is called, e.g. `callee-app` or `actorstate/ChatAgent`. */
  target: string;
  /** Which operation of it, e.g. `greet` or `get`. */
  operation: string;
}

export interface RetryOptions {
  /**
   * Whether an error is worth another attempt (default: every error). An error with a numeric
   * `status` is retried only when the policy's `retryOnStatus` matches it as well.
   */
  retryable?: (error: unknown) => boolean;
}

function isRetryable(policy: RetryPolicy, error: unknown, options: RetryOptions): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && !retriesStatus(policy, status)) return false;
  return options.retryable?.(error) ?? true;
}

/**
 * Runs an operation under a retry policy, in-process. Every failed attempt that will be retried is
 * logged once and counted (`outcome="retry"`), then the final outcome: `success`, `exhausted` (every
 * attempt failed: RetryExhaustedError) or `permanent` (an error not worth retrying, thrown as it is).
 */
@Injectable()
export class RetryRunner {
  private readonly logger = new Logger(RetryRunner.name);

  constructor(private readonly metrics: RetryMetrics) {}

  async run<T>(
    policy: RetryPolicy,
    labels: RetryLabels,
    attempt: () => Promise<T>,
    options: RetryOptions = {},
  ): Promise<T> {
    const series = { policy: policy.name, ...labels };
    const stopTimer = this.metrics.duration.startTimer(series);
    for (let attemptNumber = 1; ; attemptNumber += 1) {
      try {
        const value = await attempt();
        this.metrics.attempts.inc({ ...series, outcome: 'success' });
        stopTimer({ outcome: 'success' });
        return value;
      } catch (error) {
        // Not worth another attempt: the error is the answer, with its own status and reason.
        if (!isRetryable(policy, error, options)) {
          this.metrics.attempts.inc({ ...series, outcome: 'permanent' });
          stopTimer({ outcome: 'permanent' });
          throw error;
        }
        const delayMs = retryDelayMs(policy, attemptNumber);
        if (delayMs === undefined) {
          this.metrics.attempts.inc({ ...series, outcome: 'exhausted' });
          stopTimer({ outcome: 'exhausted' });
          throw new RetryExhaustedError(policy.name, attemptNumber, error);
        }
        this.metrics.attempts.inc({ ...series, outcome: 'retry' });
        this.logger.warn(
          { ...series, attempt: attemptNumber, delayMs },
          `retrying ${labels.target} ${labels.operation} in ${delayMs} ms (attempt ${attemptNumber} of ${policy.maxRetries + 1} failed: ${(error as Error)?.message ?? String(error)})`,
        );
        await sleep(delayMs);
      }
    }
  }
}

/** An operation failed with a retryable error on every attempt its retry policy allowed. */
export class RetryExhaustedError extends Error {
  constructor(
    readonly policy: string,
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(
      `gave up after ${attempts} attempt(s) under retry policy '${policy}': ${(cause as Error)?.message ?? String(cause)}`,
    );
    this.name = 'RetryExhaustedError';
  }
}

/** An operation failed on every attempt its retry policy allowed (or with an error it does not retry). */
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

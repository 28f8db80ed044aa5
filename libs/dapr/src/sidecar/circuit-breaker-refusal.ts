// How daprd's resiliency circuit breaker refuses a call: open, or half-open with its trial calls taken.
const REFUSALS = ['circuit breaker is open', 'too many requests'];

/** Whether daprd's error message says a circuit breaker of resiliency.yaml refused the call. */
export function isCircuitBreakerRefusal(message: string | undefined): boolean {
  return REFUSALS.some((refusal) => message?.includes(refusal) === true);
}

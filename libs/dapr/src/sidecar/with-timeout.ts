/**
 * Runs `work` with a signal that aborts after `ms` with a TimeoutError, and clears its timer as soon as
 * the work settles. Not AbortSignal.timeout: its timer cannot be cleared, so every one fires long after
 * the call answered, building a DOMException with its stack and dispatching an abort nobody listens to
 * — a few per cent of chat-agent's CPU at hundreds of sidecar calls a second (measured in a profile).
 */
export async function withTimeout<T>(
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
  reason = 'the operation timed out',
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(reason, 'TimeoutError')), ms);
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

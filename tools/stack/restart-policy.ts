/** What to do about a crashed process: start it again after `delayMs` (its `nth` restart within the window), or stop. */
export type RestartDecision = { restart: true; delayMs: number; nth: number } | { restart: false; restarts: number };

export interface RestartPolicyOptions {
  firstDelayMs: number;
  maxDelayMs: number;
  /** More crashes than this many restarts within `windowMs` is a crash loop. */
  maxRestarts: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = {
  firstDelayMs: 500,
  maxDelayMs: 8_000,
  maxRestarts: 5,
  windowMs: 60_000,
};

/**
 * Backoff per process: the delay doubles with each restart within the window (0.5 s, 1 s, 2 s … up to
 * 8 s) and falls back to the first once the window holds none; a crash after `maxRestarts` restarts
 * within the window is a crash loop, which restarting would only hide.
 */
export class RestartPolicy {
  private readonly restartsByName = new Map<string, number[]>();

  constructor(
    private readonly options: RestartPolicyOptions = DEFAULT_RESTART_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  decide(name: string): RestartDecision {
    const { firstDelayMs, maxDelayMs, maxRestarts, windowMs } = this.options;
    const now = this.now();
    const recent = (this.restartsByName.get(name) ?? []).filter((at) => now - at < windowMs);
    if (recent.length >= maxRestarts) {
      this.restartsByName.set(name, recent);
      return { restart: false, restarts: recent.length };
    }
    this.restartsByName.set(name, [...recent, now]);
    return { restart: true, delayMs: Math.min(maxDelayMs, firstDelayMs * 2 ** recent.length), nth: recent.length + 1 };
  }
}

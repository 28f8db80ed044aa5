/** One request of a load: when it was sent and answered (performance.now()), and its status or error. */
export interface LoadRequest {
  sentAt: number;
  answeredAt: number;
  outcome: number | string;
}

/** Sends a request every `intervalMs` until stopped, whatever the answers, and records each. */
export class FixedRateLoad {
  private readonly requests: Promise<LoadRequest>[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(send: () => Promise<Response>, intervalMs: number) {
    this.timer = setInterval(() => this.requests.push(FixedRateLoad.record(send)), intervalMs);
  }

  /** Stops sending; resolves once every request sent has ended. */
  stop(): Promise<LoadRequest[]> {
    clearInterval(this.timer);
    return Promise.all(this.requests);
  }

  private static async record(send: () => Promise<Response>): Promise<LoadRequest> {
    const sentAt = performance.now();
    try {
      const response = await send();
      await response.arrayBuffer();
      return { sentAt, answeredAt: performance.now(), outcome: response.status };
    } catch (error) {
      const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
      return {
        sentAt,
        answeredAt: performance.now(),
        outcome: cause?.code ?? cause?.message ?? (error as Error).message,
      };
    }
  }
}

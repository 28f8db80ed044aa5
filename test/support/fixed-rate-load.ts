/** One request of a load: its place in the load (from 0), when it was sent and answered (performance.now()), and its status or error. */
export interface LoadRequest {
  sequence: number;
  sentAt: number;
  answeredAt: number;
  outcome: number | string;
}

/** Sends a request every `intervalMs` until stopped, whatever the answers, and records each. */
export class FixedRateLoad {
  private readonly requests: Promise<LoadRequest>[] = [];
  private readonly timer: NodeJS.Timeout;

  /** `send` gets the request's sequence number, e.g. to pick its actor id and message. */
  constructor(send: (sequence: number) => Promise<Response>, intervalMs: number) {
    this.timer = setInterval(() => this.requests.push(FixedRateLoad.record(this.requests.length, send)), intervalMs);
  }

  /** How many requests were sent so far. */
  get sent(): number {
    return this.requests.length;
  }

  /** Stops sending; resolves once every request sent has ended. */
  stop(): Promise<LoadRequest[]> {
    clearInterval(this.timer);
    return Promise.all(this.requests);
  }

  private static async record(sequence: number, send: (sequence: number) => Promise<Response>): Promise<LoadRequest> {
    const sentAt = performance.now();
    try {
      const response = await send(sequence);
      await response.arrayBuffer();
      return { sequence, sentAt, answeredAt: performance.now(), outcome: response.status };
    } catch (error) {
      const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
      return {
        sequence,
        sentAt,
        answeredAt: performance.now(),
        outcome: cause?.code ?? cause?.message ?? (error as Error).message,
      };
    }
  }
}

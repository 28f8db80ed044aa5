import autocannon, { type Request } from 'autocannon';
import { median } from './rounds';

/** One measured round of load on one target. */
export interface Round {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

export interface LoadOptions {
  connections: number;
  /** How long to load; or `amount`: */
  seconds?: number;
  /** How many requests to send, every one answered before the round ends (none cut off). */
  amount?: number;
  /** The requests autocannon cycles through (default: GET url). */
  requests?: Request[];
  /** Sent with every request, e.g. daprd's dapr-api-token. */
  headers?: Record<string, string>;
}

/** Runs autocannon against `url` and keeps what the benchmarks report; non-2xx answers count as errors. */
export function load(url: string, options: LoadOptions): Promise<Round> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: options.connections,
        ...(options.seconds !== undefined && { duration: options.seconds }),
        ...(options.amount !== undefined && { amount: options.amount }),
        requests: options.requests,
        headers: options.headers,
      },
      (error, result) => {
        if (error) return reject(error as Error);
        resolve({
          // Over the whole round: autocannon's per-second average is coarse for rounds of a few seconds.
          requestsPerSecond: result.requests.total / result.duration,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors + result.non2xx,
        });
      },
    );
  });
}

export const describeRound = (round: Round): string =>
  `${round.requestsPerSecond.toFixed(0)} req/s, p50 ${round.p50} ms, p99 ${round.p99} ms, errors ${round.errors}`;

/** The medians of a target's rounds, errors summed. */
export function medianRound(rounds: Round[]): Round {
  return {
    requestsPerSecond: Math.round(median(rounds.map((round) => round.requestsPerSecond))),
    p50: median(rounds.map((round) => round.p50)),
    p99: median(rounds.map((round) => round.p99)),
    errors: rounds.reduce((total, round) => total + round.errors, 0),
  };
}

import type Redis from 'ioredis';
import type { E2eApp } from '../support/e2e-stack';
import { FixedRateLoad, type LoadRequest } from '../support/fixed-rate-load';
import { storedHistory } from './stored-history';

export interface ChatLoadOptions {
  ratePerS: number;
  /** How many actor ids the messages go to, round robin. */
  actorIds: number;
  /** Starts every actor id, so that tests do not share actors: `loss-0`, `loss-1`, … */
  idPrefix: string;
}

// A call left unanswered this long counts as failed (TimeoutError), so that the load always ends.
export const REQUEST_TIMEOUT_MS = 15_000;

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const relativeSeconds = (ms: number): string => `${ms < 0 ? '' : '+'}${seconds(ms)}`;

/** The environment that makes every message of a load stay in its actor's history: a lost write shows as a gap. */
export function keepEveryMessage(options: ChatLoadOptions, loadMs: number): Record<string, string> {
  const perId = Math.ceil((options.ratePerS * loadMs) / 1000 / options.actorIds) + 1;
  return { CHAT_HISTORY_LIMIT: String(2 * perId), CHAT_CLEAR_HISTORY_AFTER: '10m' };
}

/**
 * Chat messages at a fixed pace through one replica's REST API, each with its own content, over
 * `actorIds` ids; whatever the answers, until stopped.
 */
export class ChatLoad {
  private readonly load: FixedRateLoad;

  constructor(
    target: E2eApp,
    private readonly options: ChatLoadOptions,
  ) {
    this.load = new FixedRateLoad(
      (sequence) =>
        fetch(`${target.url}/chat/${this.actorIdOf(sequence)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ role: 'user', content: this.contentOf(sequence) }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        }),
      1000 / options.ratePerS,
    );
  }

  actorIdOf(sequence: number): string {
    return `${this.options.idPrefix}-${sequence % this.options.actorIds}`;
  }

  contentOf(sequence: number): string {
    return `message ${sequence}`;
  }

  stop(): Promise<LoadRequest[]> {
    return this.load.stop();
  }

  /**
   * The acknowledged (200) messages missing from their actor's history, read from Redis itself, not
   * through the actor (which could answer from memory) nor daprd (which waits on its placement lock).
   */
  async lostMessages(redis: Redis, requests: LoadRequest[]): Promise<string[]> {
    const acknowledged = requests.filter((request) => request.outcome === 200);
    const ids = [...new Set(acknowledged.map((request) => this.actorIdOf(request.sequence)))];
    const histories = new Map(await Promise.all(ids.map(async (id) => [id, await storedHistory(redis, id)] as const)));
    return acknowledged
      .filter(({ sequence }) => {
        const content = this.contentOf(sequence);
        return !histories.get(this.actorIdOf(sequence))?.some((message) => message.content === content);
      })
      .map(({ sequence }) => `${this.actorIdOf(sequence)}: ${this.contentOf(sequence)}`);
  }
}

/** What a fault did to a load: the requests that failed, and how long until every later one succeeded. */
export interface FaultOutcome {
  failed: LoadRequest[];
  /** From the fault to the first request of the unbroken run of successes that ends the load (0: none failed). */
  recoveryMs: number;
  /** ` {"500":12} sent between +0.10 s and +1.90 s from the kill`: failures by outcome and when they were sent. */
  failures: string;
}

export function faultOutcome(requests: LoadRequest[], faultAt: number): FaultOutcome {
  const failed = requests.filter((request) => request.outcome !== 200);
  const lastFailure = Math.max(faultAt, ...failed.map((request) => request.sentAt));
  const recovered = requests.find((request) => request.sentAt > lastFailure && request.outcome === 200);
  return {
    failed,
    recoveryMs: failed.length === 0 ? 0 : (recovered?.sentAt ?? Infinity) - faultAt,
    failures: describeFailures(failed, faultAt),
  };
}

function describeFailures(failed: LoadRequest[], faultAt: number): string {
  if (failed.length === 0) return '';
  const byOutcome: Record<string, number> = {};
  for (const { outcome } of failed) byOutcome[String(outcome)] = (byOutcome[String(outcome)] ?? 0) + 1;
  const sent = failed.map((request) => request.sentAt - faultAt);
  return ` ${JSON.stringify(byOutcome)} sent between ${relativeSeconds(Math.min(...sent))} and ${relativeSeconds(Math.max(...sent))} from the kill`;
}

/** The slowest answer to a request sent when `sent` says. */
export const slowest = (requests: LoadRequest[], sent: (sentAt: number) => boolean): string =>
  seconds(Math.max(0, ...requests.filter((r) => sent(r.sentAt)).map((r) => r.answeredAt - r.sentAt)));

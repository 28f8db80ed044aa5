import { Inject, Injectable } from '@nestjs/common';
import { ActorOverloadedError } from './actor-errors';
import { ActorMetrics } from './actor-metrics';
import type { ReleaseTurn } from './actor-turns';
import { settingsOf } from './actor-runtime.options';
import { ACTORS_OPTIONS, type ActorsOptions } from './actors.options';

/**
 * One actor's mailbox, kept while a call holds the actor's turn: the calls waiting, first come first
 * served, and a running average of how long a turn takes, what Retry-After is estimated from.
 */
interface Line {
  busy: boolean;
  waiting: (() => void)[];
  turnMs: number;
}

// Weight of the newest turn in the running average that Retry-After is estimated from.
const TURN_AVERAGE_WEIGHT = 0.2;
const FIRST_TURN_ESTIMATE_MS = 10;

/**
 * The bounded mailbox in front of each actor for this app's calls from outside any actor turn (REST
 * requests, event handlers). daprd runs such calls to one actor one at a time anyway; sending them
 * one at a time from here keeps the waiting in the app, where it is bounded, measured and
 * cancellable, instead of in daprd's turn lock, where each waiting call holds a connection and
 * counts against daprd's timeouts and circuit breaker. A call beyond the actor type's
 * `maxQueuedCalls` waiting calls is refused at once with ActorOverloadedError, as Orleans does past
 * MaxEnqueuedRequestsHardLimit.
 *
 * Calls made within an actor turn never come here: a nested call of a reentrant chain must reach its
 * actor even when the mailbox is full, or the chain would wait for itself.
 */
@Injectable()
export class ActorTurnQueue {
  private readonly lines = new Map<string, Line>();
  private readonly typesSeen = new Set<string>();

  constructor(
    private readonly metrics: ActorMetrics,
    @Inject(ACTORS_OPTIONS) private readonly options: ActorsOptions,
  ) {}

  /** Resolves when the call may be sent; rejects at once when the mailbox is full, or when `signal` aborts. */
  async take(actorType: string, actorId: string, signal: AbortSignal): Promise<ReleaseTurn> {
    signal.throwIfAborted();
    if (!this.typesSeen.has(actorType)) this.showSeries(actorType);
    const key = `${actorType}/${actorId}`;
    const line = this.lines.get(key) ?? { busy: false, waiting: [], turnMs: FIRST_TURN_ESTIMATE_MS };
    this.lines.set(key, line);
    const enqueuedAt = performance.now();
    if (line.busy) await this.wait(actorType, actorId, line, signal);
    line.busy = true;
    const startedAt = performance.now();
    this.metrics.turnWait.observe({ actor_type: actorType }, (startedAt - enqueuedAt) / 1_000);
    return () => {
      line.turnMs += (performance.now() - startedAt - line.turnMs) * TURN_AVERAGE_WEIGHT;
      this.next(key, line);
    };
  }

  // Dashboards and alerts see a type's series at 0 from its first call, not from its first overload.
  private showSeries(actorType: string): void {
    this.typesSeen.add(actorType);
    this.metrics.waiting.inc({ actor_type: actorType }, 0);
    this.metrics.rejected.inc({ actor_type: actorType, reason: 'overloaded' }, 0);
  }

  /** Throws ActorOverloadedError when the actor's mailbox already holds its limit of waiting calls. */
  refuseWhenFull(actorType: string, actorId: string): void {
    const line = this.lines.get(`${actorType}/${actorId}`);
    if (!line) return;
    const limit = settingsOf(this.options.runtime, actorType).maxQueuedCalls;
    if (line.waiting.length < limit) return;
    this.metrics.rejected.inc({ actor_type: actorType, reason: 'overloaded' });
    const retryAfterSeconds = Math.max(1, Math.ceil(((line.waiting.length + 1) * line.turnMs) / 1_000));
    throw new ActorOverloadedError(`${actorType}/${actorId}`, limit, retryAfterSeconds);
  }

  private wait(actorType: string, actorId: string, line: Line, signal: AbortSignal): Promise<void> {
    this.refuseWhenFull(actorType, actorId);
    this.metrics.waiting.inc({ actor_type: actorType });
    return new Promise<void>((resolve, reject) => {
      const admit = () => {
        signal.removeEventListener('abort', abandon);
        this.metrics.waiting.dec({ actor_type: actorType });
        resolve();
      };
      const abandon = () => {
        line.waiting.splice(line.waiting.indexOf(admit), 1);
        this.metrics.waiting.dec({ actor_type: actorType });
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', abandon, { once: true });
      line.waiting.push(admit);
    });
  }

  private next(key: string, line: Line): void {
    const admit = line.waiting.shift();
    if (admit) {
      admit();
      return;
    }
    line.busy = false;
    this.lines.delete(key);
  }
}

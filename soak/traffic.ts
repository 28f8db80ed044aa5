import type { E2eStack } from '../test/support/e2e-stack';
import { FixedRateLoad, type LoadRequest } from '../test/support/fixed-rate-load';

/** What one request of the soak does. */
export type RequestKind = 'chat' | 'history' | 'analyze' | 'greet';

// One cycle of 20 requests: mostly chat messages (the writes checked afterwards), some reads, an
// /analyze chain (chat-agent → ChatAgent → SummaryWorker → ChatAgent, reentrant), and caller → callee.
const CYCLE: RequestKind[] = [
  ...Array<RequestKind>(13).fill('chat'),
  ...Array<RequestKind>(3).fill('history'),
  'analyze',
  ...Array<RequestKind>(3).fill('greet'),
];

// A request left unanswered this long counts as failed, so that the load always ends.
const REQUEST_TIMEOUT_MS = 15_000;

export const kindOf = (sequence: number): RequestKind => CYCLE[sequence % CYCLE.length];

/**
 * The soak's traffic: each chat message has its own content, and its actor id comes from its
 * sequence, so that a lost write shows as a message missing from one actor's stored history.
 */
export class SoakTraffic {
  constructor(
    private readonly e2e: E2eStack,
    private readonly actorIds: number,
    private readonly chatReplicas: number,
  ) {}

  actorIdOf(sequence: number): string {
    return `soak-${sequence % this.actorIds}`;
  }

  contentOf(sequence: number): string {
    return `soak message ${sequence}`;
  }

  /** Sends `ratePerS` requests a second until stopped, spread over the chat-agent replicas. */
  start(ratePerS: number): FixedRateLoad {
    return new FixedRateLoad((sequence) => this.send(sequence), 1000 / ratePerS);
  }

  private send(sequence: number): Promise<Response> {
    const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    const chatAgent = this.e2e.app('chat-agent', 1 + (sequence % this.chatReplicas)).url;
    const actorId = this.actorIdOf(sequence);
    switch (kindOf(sequence)) {
      case 'chat':
        return fetch(`${chatAgent}/chat/${actorId}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ role: 'user', content: this.contentOf(sequence) }),
          signal,
        });
      case 'history':
        return fetch(`${chatAgent}/chat/${actorId}/history`, { signal });
      case 'analyze':
        return fetch(`${chatAgent}/chat/${actorId}/analyze`, { method: 'POST', signal });
      case 'greet':
        return fetch(`${this.e2e.app('caller-app').url}/call-greet/Soak${sequence}`, { signal });
    }
  }
}

export type { LoadRequest };

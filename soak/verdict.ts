import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stackRedis } from '../test/support/stack-redis';
import type { E2eStack } from '../test/support/e2e-stack';
import { storedHistory } from '../test/scale-out/stored-history';
import type { Fault } from './chaos';
import { kindOf, type LoadRequest, type RequestKind, type SoakTraffic } from './traffic';

// A request sent this long after a killed process answered its health check again still counts as
// sent during the fault: placement and the sidecars need a moment to take it back.
const FAULT_SETTLE_MS = 2_000;
const DELIVERY_WAIT_MS = 60_000;

/** What a soak found, from the store and the subscriber's logs, not from the apps' own counters. */
export interface SoakVerdict {
  requests: number;
  durationMs: number;
  faults: Fault[];
  /** By request kind, then by outcome (HTTP status or error code). */
  outcomes: Record<RequestKind, Record<string, number>>;
  acknowledgedWrites: number;
  /** Chat messages answered 200 that are missing from their actor's history in Redis: must be empty. */
  lostWrites: string[];
  /** Acknowledged messages whose ConversationUpdated event no chat-agent replica received. */
  undeliveredEvents: string[];
  duplicateDeliveries: number;
  latency: { outsideFaults: Percentiles; duringFaults: Percentiles };
}

export interface Percentiles {
  count: number;
  p50Ms: number;
  p99Ms: number;
}

export async function judgeSoak(
  e2e: E2eStack,
  traffic: SoakTraffic,
  requests: LoadRequest[],
  faults: Fault[],
  durationMs: number,
): Promise<SoakVerdict> {
  const acknowledged = requests.filter((r) => kindOf(r.sequence) === 'chat' && r.outcome === 200);
  const deliveries = await waitForDeliveries(
    e2e,
    acknowledged.map((r) => traffic.contentOf(r.sequence)),
  );
  const duringFault = (sentAt: number): boolean =>
    faults.some((fault) => sentAt >= fault.killedAt && sentAt <= fault.healthyAt + FAULT_SETTLE_MS);
  const answered = requests.filter((r) => r.outcome === 200);
  return {
    requests: requests.length,
    durationMs,
    faults,
    outcomes: countOutcomes(requests),
    acknowledgedWrites: acknowledged.length,
    lostWrites: await lostWrites(e2e, traffic, acknowledged),
    undeliveredEvents: acknowledged
      .map((r) => traffic.contentOf(r.sequence))
      .filter((content) => (deliveries.get(content) ?? 0) === 0),
    duplicateDeliveries: [...deliveries.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0),
    latency: {
      outsideFaults: percentiles(answered.filter((r) => !duringFault(r.sentAt))),
      duringFaults: percentiles(answered.filter((r) => duringFault(r.sentAt))),
    },
  };
}

async function lostWrites(e2e: E2eStack, traffic: SoakTraffic, acknowledged: LoadRequest[]): Promise<string[]> {
  const redis = stackRedis(e2e);
  try {
    const ids = [...new Set(acknowledged.map((r) => traffic.actorIdOf(r.sequence)))];
    const histories = new Map(await Promise.all(ids.map(async (id) => [id, await storedHistory(redis, id)] as const)));
    return acknowledged
      .filter(
        (r) => !histories.get(traffic.actorIdOf(r.sequence))?.some((m) => m.content === traffic.contentOf(r.sequence)),
      )
      .map((r) => `${traffic.actorIdOf(r.sequence)}: ${traffic.contentOf(r.sequence)}`);
  } finally {
    redis.disconnect();
  }
}

/** Deliveries per message content, once every expected one arrived or the wait ran out. */
async function waitForDeliveries(e2e: E2eStack, expected: string[]): Promise<Map<string, number>> {
  const until = performance.now() + DELIVERY_WAIT_MS;
  for (;;) {
    const deliveries = deliveriesLogged(e2e.logDir);
    if (expected.every((content) => deliveries.has(content)) || performance.now() > until) return deliveries;
    await sleep(1_000);
  }
}

/** Counts the subscriber's "ConversationUpdated: <id> sent '<content>'" lines in every chat-agent replica's log. */
function deliveriesLogged(logDir: string): Map<string, number> {
  const deliveries = new Map<string, number>();
  for (const file of readdirSync(logDir).filter((name) => /^chat-agent(#\d+)?\.log$/.test(name))) {
    for (const match of readFileSync(join(logDir, file), 'utf8').matchAll(/ConversationUpdated: \S+ sent '([^']*)'/g)) {
      deliveries.set(match[1], (deliveries.get(match[1]) ?? 0) + 1);
    }
  }
  return deliveries;
}

function countOutcomes(requests: LoadRequest[]): Record<RequestKind, Record<string, number>> {
  const outcomes: Record<RequestKind, Record<string, number>> = { chat: {}, history: {}, analyze: {}, greet: {} };
  for (const { sequence, outcome } of requests) {
    const byOutcome = outcomes[kindOf(sequence)];
    byOutcome[String(outcome)] = (byOutcome[String(outcome)] ?? 0) + 1;
  }
  return outcomes;
}

function percentiles(requests: LoadRequest[]): Percentiles {
  const sorted = requests.map((r) => r.answeredAt - r.sentAt).sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { count: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99) };
}

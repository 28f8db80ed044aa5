import { setTimeout as sleep } from 'node:timers/promises';
import { controlPlaneNodeName } from '../tools/stack/stack-definition';
import { sidecarName, replicaName, type E2eStack } from '../test/support/e2e-stack';
import { Chaos, seededRandom } from './chaos';
import { SoakTraffic } from './traffic';
import { judgeSoak, type SoakVerdict } from './verdict';

/** What can be killed during a soak. */
export const FAULT_KINDS = ['app', 'sidecar', 'placement', 'scheduler', 'redis'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface SoakOptions {
  durationMs: number;
  ratePerS: number;
  /** A fault starts this long after the previous one ended. */
  faultEveryMs: number;
  /** How long a killed process stays down before it is started again. */
  downMs: number;
  faults: FaultKind[];
  actorIds: number;
  seed: number;
  /** Three placement and three scheduler nodes instead of one each. */
  ha: boolean;
}

export const CHAT_REPLICAS = 2;
const PROGRESS_EVERY_MS = 15_000;

/** Stack environment that keeps every message of a soak in its actor's history, so that a loss shows. */
export function soakEnvironment(options: SoakOptions): Record<string, string> {
  const messagesPerId = Math.ceil(((options.durationMs / 1000) * options.ratePerS) / options.actorIds) + 1;
  return { CHAT_HISTORY_LIMIT: String(2 * messagesPerId + 10), CHAT_CLEAR_HISTORY_AFTER: '1h' };
}

/**
 * The processes a fault kind can hit: either chat-agent replica's app or sidecar, any placement or
 * scheduler node (three with --ha), or Redis (its append-only file keeps what it acknowledged).
 */
function faultTargets(e2e: E2eStack, kinds: FaultKind[]): string[] {
  const numbered = (count: number): number[] => Array.from({ length: count }, (_, index) => index + 1);
  return kinds.flatMap((kind) => {
    switch (kind) {
      case 'app':
        return numbered(CHAT_REPLICAS).map((replica) => replicaName('chat-agent', replica));
      case 'sidecar':
        return numbered(CHAT_REPLICAS).map((replica) => sidecarName('chat-agent', replica));
      case 'placement':
      case 'scheduler':
        return numbered(e2e.definition[kind].length).map((node) => controlPlaneNodeName(kind, node));
      case 'redis':
        return ['redis'];
    }
  });
}

/**
 * Runs mixed traffic at a fixed rate against a stack with two chat-agent replicas while processes are
 * killed at random and started again, then judges what was acknowledged against the store.
 */
export async function runSoak(
  e2e: E2eStack,
  options: SoakOptions,
  progress: (line: string) => void,
): Promise<SoakVerdict> {
  const traffic = new SoakTraffic(e2e, options.actorIds, CHAT_REPLICAS);
  const startedAt = performance.now();
  const load = traffic.start(options.ratePerS);
  const chaos = new Chaos(
    e2e,
    faultTargets(e2e, options.faults),
    { everyMs: options.faultEveryMs, downMs: options.downMs },
    seededRandom(options.seed),
    progress,
  );
  const ticker = setInterval(
    () => progress(`+${((performance.now() - startedAt) / 1000).toFixed(0)} s: ${load.sent} requests sent`),
    PROGRESS_EVERY_MS,
  );
  await sleep(options.durationMs);
  clearInterval(ticker);
  progress(
    `traffic stopped after ${(options.durationMs / 1000).toFixed(0)} s; waiting for the last answers and the fault in progress`,
  );
  const [requests, faults] = await Promise.all([load.stop(), chaos.stop()]);
  progress('checking acknowledged writes in Redis and events in the subscribers’ logs');
  return judgeSoak(e2e, traffic, requests, faults, performance.now() - startedAt);
}

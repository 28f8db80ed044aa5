import { setTimeout as sleep } from 'node:timers/promises';
import type Redis from 'ioredis';
import { ChatClient } from '../chat/chat-client';
import {
  ChatLoad,
  faultOutcome,
  seconds,
  slowest,
  type ChatLoadOptions,
  type FaultOutcome,
} from '../scale-out/chat-load';
import type { E2eApp } from '../support/e2e-stack';
import type { LoadRequest } from '../support/fixed-rate-load';

export interface FaultUnderLoadOptions extends ChatLoadOptions {
  loadMs: number;
  faultAfterMs: number;
  /**
   * Activate every actor id with one message before the load, so that the load measures the fault, not
   * activations (each registers a reminder with scheduler) piling up on a busy machine.
   */
  warmUp?: boolean;
}

export interface FaultRun extends FaultOutcome {
  requests: LoadRequest[];
  /** The acknowledged messages missing from Redis afterwards. */
  lost: string[];
  /** When the fault struck, from the start of the load. */
  faultAfterMs: number;
  /** The figures every fault test prints: load, failures, recovery, slowest answers, losses. */
  summary: string;
}

/**
 * Runs a paced chat load through `target` for `loadMs`, strikes with `fault` after `faultAfterMs`,
 * and reads every acknowledged message back from Redis once the load has ended.
 */
export async function faultUnderLoad(
  target: E2eApp,
  redis: Redis,
  options: FaultUnderLoadOptions,
  fault: () => Promise<void>,
): Promise<FaultRun> {
  if (options.warmUp) await activateAll(target, options);
  const load = new ChatLoad(target, options);
  const startedAt = performance.now();
  await sleep(options.faultAfterMs);
  const faultAt = performance.now();
  await fault();
  await sleep(Math.max(0, options.loadMs - (performance.now() - startedAt)));
  const requests = await load.stop();
  const lost = await load.lostMessages(redis, requests);
  const outcome = faultOutcome(requests, faultAt);
  const acknowledged = requests.filter((request) => request.outcome === 200).length;
  const summary =
    `${requests.length} messages over ${options.actorIds} ids in ${seconds(options.loadMs)} ` +
    `(${((requests.length * 1000) / options.loadMs).toFixed(1)}/s of ${options.ratePerS}) through ${target.name}; ` +
    `fault after ${seconds(faultAt - startedAt)}; ${acknowledged} answered 200, lost ${lost.length}; ` +
    `failed ${outcome.failed.length}${outcome.failures}; every call sent from ${seconds(outcome.recoveryMs)} ` +
    `after the kill on succeeded; slowest answer ${slowest(requests, (sentAt) => sentAt < faultAt)} before the kill, ` +
    `${slowest(requests, (sentAt) => sentAt >= faultAt)} after`;
  return { ...outcome, requests, lost, faultAfterMs: faultAt - startedAt, summary };
}

async function activateAll(target: E2eApp, { actorIds, idPrefix }: ChatLoadOptions): Promise<void> {
  const chat = new ChatClient(target);
  const ids = Array.from({ length: actorIds }, (_, index) => `${idPrefix}-${index}`);
  const answers = await Promise.all(ids.map((id) => chat.send(id, 'warm-up')));
  const refused = answers.filter((answer) => answer.status !== 200);
  if (refused.length > 0) {
    throw new Error(
      `warm-up: ${refused.length} of ${actorIds} actors did not answer 200 before the load, e.g. ${JSON.stringify(refused[0])}`,
    );
  }
}

import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { isCircuitBreakerRefusal } from '../sidecar/circuit-breaker-refusal';
import { DaprSidecar } from '../sidecar/dapr-sidecar';
import type { SidecarAnswer } from '../sidecar/sidecar-answer';
import { withTimeout } from '../sidecar/with-timeout';
import type { ActorApi, ActorContract } from './actor-contract';
import { ActorCallContext } from './actor-call-context';
import { actorPath } from './actor-path';
import {
  ActorCallError,
  ActorCallTimeoutError,
  ActorCircuitOpenError,
  ActorStackDepthError,
  type ActorErrorBody,
} from './actor-errors';
import { ActorMetrics } from './actor-metrics';
import { settingsOf } from './actor-runtime.options';
import { ActorTurnQueue } from './actor-turn-queue';
import type { ReleaseTurn } from './actor-turns';
import { ACTORS_OPTIONS, type ActorsOptions } from './actors.options';

export interface ActorCallOptions {
  /** Gives up after this long (default: the runtime's callTimeoutMs). */
  timeoutMs?: number;
  /** Gives up when this signal aborts. */
  signal?: AbortSignal;
}

/** daprd's marker of an answer that is an actor's error rather than its result. */
export const ACTOR_ERROR_HEADER = 'x-daprerrorresponseheader';
export const REENTRANCY_HEADER = 'dapr-reentrancy-id';
/** The epoch ms at which the outermost caller of a call chain stops waiting. */
export const DEADLINE_HEADER = 'x-daca-deadline';
// Nested calls give up this much before their caller does, so that the caller receives their
// specific error rather than timing out itself.
const DEADLINE_MARGIN_MS = 200;
const STACK_DEPTH_ERROR_CODE = 'ERR_ACTOR_STACK_DEPTH';

/**
 * Calls actors through the app's sidecar. Within an actor call, every call made carries the chain's
 * Dapr-Reentrancy-Id, so that A→A and A→B→A re-enter instead of deadlocking (and, as every sidecar
 * call, the trace context).
 * Calls from outside any actor call wait for their turn in the actor's bounded mailbox
 * (ActorTurnQueue) first.
 */
@Injectable()
export class ActorClient {
  constructor(
    private readonly sidecar: DaprSidecar,
    private readonly mailboxes: ActorTurnQueue,
    private readonly metrics: ActorMetrics,
    @Inject(ACTORS_OPTIONS) private readonly options: ActorsOptions,
  ) {}

  /** A typed proxy of actor `actorId` of the contract's type. */
  proxy<TApi extends ActorApi<TApi>>(
    contract: ActorContract<TApi>,
    actorId: string,
    options: ActorCallOptions = {},
  ): TApi {
    const proxy: Record<string, (input?: unknown) => Promise<unknown>> = {};
    for (const [property, method] of Object.entries<string>(contract.methods)) {
      proxy[property] = (input?: unknown) => this.call(contract.actorType, actorId, method, input, options);
    }
    return proxy as unknown as TApi;
  }

  /** Calls wire method `method` of actor `actorType/actorId` with a JSON argument. */
  async call(
    actorType: string,
    actorId: string,
    method: string,
    input?: unknown,
    options: ActorCallOptions = {},
  ): Promise<unknown> {
    const chain = ActorCallContext.current();
    // A full mailbox refuses before anything is built: under overload, refusing must be cheap.
    if (!chain) this.mailboxes.refuseWhenFull(actorType, actorId);
    const target = `${actorType}/${actorId} ${method}`;
    const requestedMs = options.timeoutMs ?? this.options.runtime.callTimeoutMs;
    const timeoutMs = chain?.deadline
      ? Math.max(0, Math.min(requestedMs, chain.deadline - Date.now() - DEADLINE_MARGIN_MS))
      : requestedMs;
    const deadline = Date.now() + timeoutMs;
    const headers: Record<string, string> = { 'content-type': 'application/json', [DEADLINE_HEADER]: String(deadline) };
    if (chain?.reentrancyId) headers[REENTRANCY_HEADER] = chain.reentrancyId;
    return withTimeout(timeoutMs, async (timeout) => {
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      let release: ReleaseTurn | undefined;
      try {
        if (!chain) release = await this.mailboxes.take(actorType, actorId, signal);
        const response = await this.sidecar.request(
          `${actorPath(actorType, actorId)}/method/${encodeURIComponent(method)}`,
          {
            method: 'PUT',
            headers,
            body: input === undefined ? undefined : JSON.stringify(input),
            signal,
            lane: chain ? 'actor-nested' : 'actor-entry',
          },
        );
        return this.answerOf(target, actorType, response);
      } catch (error) {
        if (error instanceof ActorCallError) throw error;
        if (timeout.aborted) throw new ActorCallTimeoutError(target, timeoutMs);
        if (options.signal?.aborted) {
          throw new ActorCallError(
            `${target} was cancelled by its caller`,
            HttpStatus.SERVICE_UNAVAILABLE,
            'ActorCallAborted',
          );
        }
        throw new ActorCallError(
          `${target} could not be sent: the Dapr sidecar is unreachable (${(error as Error).message}); check that daprd runs`,
          HttpStatus.SERVICE_UNAVAILABLE,
          'SidecarUnavailable',
        );
      } finally {
        release?.();
      }
    });
  }

  private answerOf(target: string, actorType: string, response: SidecarAnswer): unknown {
    const { text } = response;
    if (response.header(ACTOR_ERROR_HEADER) !== undefined) {
      const { error } = JSON.parse(text) as ActorErrorBody;
      throw new ActorCallError(error.message, error.statusCode, error.name);
    }
    if (response.ok) return text.length === 0 ? undefined : JSON.parse(text);
    const failure = JSON.parse(text || '{}') as { errorCode?: string; message?: string };
    if (failure.errorCode === STACK_DEPTH_ERROR_CODE) {
      throw new ActorStackDepthError(target, settingsOf(this.options.runtime, actorType).reentrancy.maxStackDepth);
    }
    if (isCircuitBreakerRefusal(failure.message)) {
      this.metrics.rejected.inc({ actor_type: actorType, reason: 'circuit_open' });
      throw new ActorCircuitOpenError(target);
    }
    throw new ActorCallError(
      `${target} failed in daprd (${response.status} ${failure.errorCode ?? ''}): ${failure.message ?? text}`,
      HttpStatus.BAD_GATEWAY,
      failure.errorCode ?? 'ActorCallFailed',
    );
  }
}

import { HttpStatus, Inject, Injectable, Optional } from '@nestjs/common';
import { STATE_FAULTS, type FaultHook } from '../faults/fault-hooks';
import { RetryExhaustedError } from '../retry/retry-exhausted.error';
import { RetryRunner } from '../retry/retry-runner';
import { DaprSidecar, type SidecarRequestInit } from '../sidecar/dapr-sidecar';
import type { SidecarAnswer } from '../sidecar/sidecar-answer';
import { withTimeout } from '../sidecar/with-timeout';
import { ActorCallContext } from './actor-call-context';
import { ActorCallError } from './actor-errors';
import { actorPath } from './actor-path';
import type { ActorState } from './actor-state';
import { ACTORS_OPTIONS, type ActorsOptions } from './actors.options';

/**
 * daprd could not reach the state store, or answered with a server error: worth another attempt. A
 * 4xx of daprd is its answer to this very request, and reaches the caller with its status and reason.
 */
class StateStoreUnavailable extends Error {
  override name = 'StateStoreUnavailable';
}

const isTransient = (error: unknown): boolean => error instanceof StateStoreUnavailable;

/** A turn daprd gave up on must not touch the state: the next call of the actor may already run. */
function refuseWhenAbandoned(actorType: string, operation: string): void {
  if (!ActorCallContext.current()?.abandoned?.aborted) return;
  throw new ActorCallError(
    `state ${operation} of a ${actorType} refused: daprd gave up on this call (its caller timed out, or placement ` +
      'moved the actor) and may have let the next call in; the caller was answered with an error and may retry',
    HttpStatus.CONFLICT,
    'ActorCallAbandoned',
  );
}

/**
 * Actor state through daprd's actor state API. Every read and write goes through the retry policy
 * (and the fault hook, when DaprFaultsModule is imported); a write is one transactional upsert of the whole value, so it either
 * lands completely or not at all.
 */
@Injectable()
export class ActorStateStore {
  constructor(
    private readonly sidecar: DaprSidecar,
    private readonly retry: RetryRunner,
    @Inject(ACTORS_OPTIONS) private readonly options: ActorsOptions,
    @Optional() @Inject(STATE_FAULTS) private readonly faults?: FaultHook,
  ) {}

  /**
   * The state of one activation of an actor. Values are cached for the activation's lifetime: only
   * this actor writes its state, and daprd runs one call chain on it at a time. The cache changes only
   * after a write succeeded, so a failed write leaves the previous value in force.
   */
  forActor(actorType: string, actorId: string): ActorState {
    const base = `${actorPath(actorType, actorId)}/state`;
    const cache = new Map<string, unknown>();
    const transact = async (operation: 'upsert' | 'delete', key: string, value?: unknown): Promise<void> => {
      await this.guarded(actorType, operation, (signal) =>
        this.send(base, { method: 'POST', body: JSON.stringify([{ operation, request: { key, value } }]), signal }),
      );
      cache.set(key, value);
    };
    const read = async (key: string): Promise<unknown> => {
      const value = await this.guarded(actorType, 'get', async (signal) => {
        const response = await this.send(`${base}/${encodeURIComponent(key)}`, { signal });
        return response.status === (HttpStatus.NO_CONTENT as number) ? undefined : response.json();
      });
      cache.set(key, value);
      return value;
    };
    return {
      get: async <T>(key: string) => (cache.has(key) ? cache.get(key) : await read(key)) as T | undefined,
      set: (key, value) => transact('upsert', key, value),
      delete: (key) => transact('delete', key),
    };
  }

  private async send(path: string, init: SidecarRequestInit): Promise<SidecarAnswer> {
    const response = await this.sidecar
      .request(path, { ...init, headers: { 'content-type': 'application/json' } })
      .catch((error: unknown) => {
        throw new StateStoreUnavailable(`daprd unreachable: ${(error as Error).message}`);
      });
    if (response.status >= 500) throw new StateStoreUnavailable(`daprd answered ${response.status}: ${response.text}`);
    if (!response.ok) {
      throw new ActorCallError(
        `daprd refused the actor state operation (${response.status}): ${response.text}`,
        response.status,
        'StateOperationRefused',
      );
    }
    return response;
  }

  private async guarded<T>(
    actorType: string,
    operation: string,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const { stateRetryPolicy, stateAttemptTimeoutMs } = this.options;
    try {
      return await this.retry.run(
        stateRetryPolicy,
        { target: `actorstate/${actorType}`, operation },
        () => {
          refuseWhenAbandoned(actorType, operation);
          this.injectFault(operation);
          return withTimeout(stateAttemptTimeoutMs, work);
        },
        { retryable: isTransient },
      );
    } catch (error) {
      if (!(error instanceof RetryExhaustedError)) throw error;
      throw new ActorCallError(
        `the actor state store is unavailable (state ${operation} failed ${error.attempts} times: ` +
          `${(error.cause as Error).message}); try again shortly`,
        HttpStatus.SERVICE_UNAVAILABLE,
        'StateStoreUnavailable',
      );
    }
  }

  // An injected fault stands for an unavailable state store: it is retried like one.
  private injectFault(operation: string): void {
    try {
      this.faults?.check(`state ${operation}`);
    } catch (error) {
      throw new StateStoreUnavailable((error as Error).message);
    }
  }
}

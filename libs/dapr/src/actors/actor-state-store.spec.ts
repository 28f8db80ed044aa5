import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { DaprMetricsRegistry } from '../metrics/dapr-metrics-registry';
import { RetryMetrics } from '../retry/retry-metrics';
import { RetryRunner } from '../retry/retry-runner';
import type { DaprSidecar } from '../sidecar/dapr-sidecar';
import { SidecarAnswer } from '../sidecar/sidecar-answer';
import { ActorCallContext } from './actor-call-context';
import { ActorCallError } from './actor-errors';
import { ActorStateStore } from './actor-state-store';
import { DEFAULT_ACTORS_OPTIONS } from './actors.options';

const options = {
  ...DEFAULT_ACTORS_OPTIONS,
  stateRetryPolicy: { name: 'quick', policy: 'constant' as const, durationMs: 1, maxRetries: 2 },
};

/** A store whose sidecar answers every request with `status` and `text`, and counts the requests. */
function storeAnswering(status: number, text: string): { store: ActorStateStore; requests: () => number } {
  let requests = 0;
  const sidecar = {
    request: () => {
      requests += 1;
      return Promise.resolve(new SidecarAnswer(status, {}, text));
    },
  } as unknown as DaprSidecar;
  const retry = new RetryRunner(new RetryMetrics(new DaprMetricsRegistry(new Registry(), 'daca_')));
  return { store: new ActorStateStore(sidecar, retry, options), requests: () => requests };
}

describe('ActorStateStore', () => {
  // The runner's retry warnings are not the point here.
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it("answers a state operation daprd refuses with a 4xx with daprd's status and reason, at once", async () => {
    const { store, requests } = storeAnswering(400, '{"errorCode":"ERR_MALFORMED_REQUEST","message":"bad key"}');
    const read = store.forActor('Chat', 'a').get('history');
    await expect(read).rejects.toBeInstanceOf(ActorCallError);
    await expect(read).rejects.toMatchObject({
      errorName: 'StateOperationRefused',
      message:
        'daprd refused the actor state operation (400): {"errorCode":"ERR_MALFORMED_REQUEST","message":"bad key"}',
    });
    await expect(read.catch((error: ActorCallError) => error.getStatus())).resolves.toBe(400);
    expect(requests()).toBe(1);
  });

  it('answers 503, try again, once every attempt met a server error of daprd', async () => {
    const { store, requests } = storeAnswering(500, 'redis down');
    const write = store.forActor('Chat', 'a').set('history', []);
    await expect(write).rejects.toMatchObject({
      errorName: 'StateStoreUnavailable',
      message:
        'the actor state store is unavailable (state upsert failed 3 times: daprd answered 500: redis down); try again shortly',
    });
    await expect(write.catch((error: ActorCallError) => error.getStatus())).resolves.toBe(503);
    expect(requests()).toBe(3);
  });

  it('refuses every state operation of a call daprd gave up on, without sending it, with 409', async () => {
    const { store, requests } = storeAnswering(204, '');
    const abandoned = new AbortController();
    const call = { actorType: 'Chat', actorId: 'a', abandoned: abandoned.signal };
    const state = store.forActor('Chat', 'a');
    await ActorCallContext.run(call, () => state.set('history', ['before']));
    expect(requests()).toBe(1);

    abandoned.abort();
    const write = ActorCallContext.run(call, () => state.set('history', ['after']));
    await expect(write).rejects.toMatchObject({
      errorName: 'ActorCallAbandoned',
      message:
        'state upsert of a Chat refused: daprd gave up on this call (its caller timed out, or placement moved the actor) ' +
        'and may have let the next call in; the caller was answered with an error and may retry',
    });
    await expect(write.catch((error: ActorCallError) => error.getStatus())).resolves.toBe(409);
    expect(requests()).toBe(1);
  });
});

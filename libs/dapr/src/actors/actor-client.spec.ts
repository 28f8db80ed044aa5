import { Registry } from 'prom-client';
import { DaprMetricsRegistry } from '../metrics/dapr-metrics-registry';
import type { DaprSidecar, SidecarRequestInit } from '../sidecar/dapr-sidecar';
import { SidecarAnswer } from '../sidecar/sidecar-answer';
import { ActorCallContext } from './actor-call-context';
import { ActorClient } from './actor-client';
import { defineActorContract } from './actor-contract';
import { ActorCallError } from './actor-errors';
import { ActorMetrics } from './actor-metrics';
import { ActorTurnQueue } from './actor-turn-queue';
import { DEFAULT_ACTORS_OPTIONS, type ActorsOptions } from './actors.options';

interface EchoApi {
  echo(input: { text: string }): Promise<{ text: string }>;
  stall(): Promise<null>;
}

const EchoContract = defineActorContract<EchoApi>('Echo', { echo: 'Echo', stall: 'Stall' });

const options: ActorsOptions = {
  ...DEFAULT_ACTORS_OPTIONS,
  runtime: {
    ...DEFAULT_ACTORS_OPTIONS.runtime,
    reentrancy: { enabled: true, maxStackDepth: 7 },
    callTimeoutMs: 1_000,
    maxQueuedCalls: 2,
  },
};

const jsonAnswer = (body: unknown, status = 200, headers: Record<string, string> = {}): SidecarAnswer =>
  new SidecarAnswer(status, headers, JSON.stringify(body));

/** A sidecar port that records requests and answers with `answer`, or never when it is undefined. */
function sidecarAnswering(answer?: () => SidecarAnswer): {
  sidecar: DaprSidecar;
  requests: { path: string; init: SidecarRequestInit }[];
} {
  const requests: { path: string; init: SidecarRequestInit }[] = [];
  const request = (path: string, init: SidecarRequestInit = {}): Promise<SidecarAnswer> => {
    requests.push({ path, init });
    if (answer) return Promise.resolve(answer());
    // As undici does: an already aborted signal rejects at once.
    if (init.signal?.aborted) return Promise.reject(init.signal.reason as Error);
    return new Promise((_resolve, reject) =>
      init.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)),
    );
  };
  return { sidecar: { request } as DaprSidecar, requests };
}

function clientOf(sidecar: DaprSidecar, registry = new Registry()): ActorClient {
  const metrics = new ActorMetrics(new DaprMetricsRegistry(registry, 'daca_'));
  return new ActorClient(sidecar, new ActorTurnQueue(metrics, options), metrics, options);
}

const caught = async (work: Promise<unknown>): Promise<ActorCallError> => {
  try {
    await work;
  } catch (error) {
    return error as ActorCallError;
  }
  throw new Error('the call succeeded');
};

describe('ActorClient', () => {
  it('calls the wire method through the sidecar and carries the chain reentrancy id', async () => {
    const { sidecar, requests } = sidecarAnswering(() => jsonAnswer({ text: 'hi' }));
    const proxy = clientOf(sidecar).proxy(EchoContract, 'e/1');
    const answer = await ActorCallContext.run({ actorType: 'Other', actorId: 'x', reentrancyId: 'chain-1' }, () =>
      proxy.echo({ text: 'hi' }),
    );
    expect(answer).toEqual({ text: 'hi' });
    expect(requests).toEqual([
      {
        path: '/v1.0/actors/Echo/e%2F1/method/Echo',
        init: expect.objectContaining({
          method: 'PUT',
          body: '{"text":"hi"}',
          headers: {
            'content-type': 'application/json',
            'x-daca-deadline': expect.any(String),
            'dapr-reentrancy-id': 'chain-1',
          },
        }),
      },
    ]);
  });

  it('sends no reentrancy id outside an actor call', async () => {
    const { sidecar, requests } = sidecarAnswering(() => jsonAnswer(null));
    await clientOf(sidecar).proxy(EchoContract, 'e').stall();
    expect(requests[0].init.headers).toEqual({
      'content-type': 'application/json',
      'x-daca-deadline': expect.any(String),
    });
  });

  it("turns the actor's error answer into a typed error with its message and status", async () => {
    const { sidecar } = sidecarAnswering(() =>
      jsonAnswer({ error: { name: 'BadRequestException', message: 'text is required', statusCode: 400 } }, 200, {
        'x-daprerrorresponseheader': 'true',
      }),
    );
    const error = await caught(clientOf(sidecar).proxy(EchoContract, 'e').echo({ text: '' }));
    expect(error).toBeInstanceOf(ActorCallError);
    expect([error.getStatus(), error.errorName, error.message]).toEqual([
      400,
      'BadRequestException',
      'text is required',
    ]);
  });

  it("names the type's stack depth limit when daprd refuses a too deep chain", async () => {
    const { sidecar } = sidecarAnswering(() =>
      jsonAnswer({ errorCode: 'ERR_ACTOR_STACK_DEPTH', message: 'maximum stack depth exceeded' }, 500),
    );
    const error = await caught(clientOf(sidecar).proxy(EchoContract, 'e').stall());
    expect([error.getStatus(), error.message]).toEqual([
      508,
      'Echo/e Stall refused: the call chain is deeper than reentrancy.maxStackDepth (7); make the chain shallower or raise the limit',
    ]);
  });

  it('gives up after the timeout with a 504 that says why', async () => {
    const { sidecar } = sidecarAnswering();
    const error = await caught(clientOf(sidecar).proxy(EchoContract, 'e', { timeoutMs: 20 }).stall());
    expect([error.getStatus(), error.errorName]).toEqual([504, 'ActorCallTimeout']);
  });

  it("stops when the caller's AbortSignal aborts", async () => {
    const { sidecar } = sidecarAnswering();
    const controller = new AbortController();
    const call = clientOf(sidecar).proxy(EchoContract, 'e', { signal: controller.signal }).stall();
    controller.abort();
    const error = await caught(call);
    expect([error.getStatus(), error.errorName, error.message]).toEqual([
      503,
      'ActorCallAborted',
      'Echo/e Stall was cancelled by its caller',
    ]);
  });

  describe("each actor's mailbox", () => {
    /** A sidecar whose answers the test gives, in any order. */
    function heldSidecar() {
      const pending: { path: string; lane?: string; answered: boolean; answer: () => void }[] = [];
      const request = (path: string, init: SidecarRequestInit = {}): Promise<SidecarAnswer> =>
        new Promise((resolve) => {
          const entry = {
            path,
            lane: init.lane,
            answered: false,
            answer: () => {
              entry.answered = true;
              resolve(jsonAnswer(null));
            },
          };
          pending.push(entry);
        });
      /** Answers every request, including those sent because an earlier one was answered. */
      const answerAll = async () => {
        for (let next = pending.find((entry) => !entry.answered); next; next = pending.find((e) => !e.answered)) {
          next.answer();
          await settle();
        }
      };
      return { sidecar: { request } as DaprSidecar, pending, answerAll };
    }
    const settle = () => new Promise((resolve) => setImmediate(resolve));

    it('sends the calls to one actor one at a time, first come first served, and others at once', async () => {
      const { sidecar, pending } = heldSidecar();
      const client = clientOf(sidecar);
      const calls = [client.proxy(EchoContract, 'a').stall(), client.proxy(EchoContract, 'a').echo({ text: '2' })];
      const other = client.proxy(EchoContract, 'b').stall();
      await settle();
      expect(pending.map(({ path, lane }) => [path, lane])).toEqual([
        ['/v1.0/actors/Echo/a/method/Stall', 'actor-entry'],
        ['/v1.0/actors/Echo/b/method/Stall', 'actor-entry'],
      ]);
      pending[0].answer();
      await settle();
      expect(pending.map(({ path }) => path).slice(2)).toEqual(['/v1.0/actors/Echo/a/method/Echo']);
      pending[1].answer();
      pending[2].answer();
      await Promise.all([...calls, other]);
    });

    it('refuses a call beyond maxQueuedCalls at once with 429 and Retry-After, sending nothing', async () => {
      const { sidecar, pending, answerAll } = heldSidecar();
      const registry = new Registry();
      const client = clientOf(sidecar, registry);
      const admitted = [1, 2, 3].map(() => client.proxy(EchoContract, 'a').stall());
      const error = await caught(client.proxy(EchoContract, 'a').stall());
      expect(error.getStatus()).toBe(429);
      expect(error.getResponse()).toEqual({
        error: 'ActorOverloaded',
        message:
          'Echo/a is busy: 2 calls are already waiting for its turn (its maxQueuedCalls); nothing was done, try again in 1 s',
        retryAfterSeconds: 1,
      });
      expect(pending).toHaveLength(1);
      const metrics = await registry.getMetricsAsJSON();
      const valueOf = (name: string) => metrics.find((metric) => metric.name === name)?.values;
      expect(valueOf('daca_actor_calls_waiting')).toEqual([{ labels: { actor_type: 'Echo' }, value: 2 }]);
      expect(valueOf('daca_actor_calls_rejected_total')).toEqual([
        { labels: { actor_type: 'Echo', reason: 'overloaded' }, value: 1 },
      ]);
      await answerAll();
      await Promise.all(admitted);
    });

    it('never holds a nested call of an actor turn, however full the mailbox', async () => {
      const { sidecar, pending, answerAll } = heldSidecar();
      const client = clientOf(sidecar);
      const outer = [1, 2, 3].map(() => client.proxy(EchoContract, 'a').stall());
      const nested = ActorCallContext.run({ actorType: 'Echo', actorId: 'a', reentrancyId: 'r' }, () =>
        client.proxy(EchoContract, 'a').stall(),
      );
      await settle();
      expect(pending.map(({ lane }) => lane).sort()).toEqual(['actor-entry', 'actor-nested']);
      pending.find(({ lane }) => lane === 'actor-nested')?.answer();
      await nested;
      await answerAll();
      await Promise.all(outer);
    });

    it("takes its limit from the actor type's maxQueuedCalls in entitiesConfig", async () => {
      const { sidecar, answerAll } = heldSidecar();
      const strict = {
        ...options,
        runtime: { ...options.runtime, entitiesConfig: [{ entities: ['Echo'], maxQueuedCalls: 0 }] },
      };
      const metrics = new ActorMetrics(new DaprMetricsRegistry(new Registry(), 'daca_'));
      const client = new ActorClient(sidecar, new ActorTurnQueue(metrics, strict), metrics, strict);
      const first = client.proxy(EchoContract, 'a').stall();
      expect((await caught(client.proxy(EchoContract, 'a').stall())).getStatus()).toBe(429);
      await answerAll();
      await first;
    });

    it('gives up a waiting call at its timeout and lets the next one through', async () => {
      const { sidecar, pending } = heldSidecar();
      const client = clientOf(sidecar);
      const first = client.proxy(EchoContract, 'a').stall();
      const impatient = caught(client.proxy(EchoContract, 'a', { timeoutMs: 20 }).stall());
      const patient = client.proxy(EchoContract, 'a').stall();
      expect([(await impatient).getStatus(), (await impatient).errorName]).toEqual([504, 'ActorCallTimeout']);
      pending[0].answer();
      await first;
      await settle();
      expect(pending).toHaveLength(2);
      pending[1].answer();
      await patient;
    });
  });

  it("says so when the actor's circuit breaker in daprd refuses the call", async () => {
    const { sidecar } = sidecarAnswering(() =>
      jsonAnswer(
        { errorCode: 'ERR_ACTOR_INVOKE_METHOD', message: 'error invoke actor method: circuit breaker is open' },
        500,
      ),
    );
    const error = await caught(clientOf(sidecar).proxy(EchoContract, 'e').stall());
    expect([error.getStatus(), error.errorName]).toEqual([503, 'ActorCircuitOpen']);
  });
});

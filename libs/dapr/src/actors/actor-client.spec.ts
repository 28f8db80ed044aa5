import type { DaprSidecar, SidecarRequestInit } from '../sidecar/dapr-sidecar';
import { SidecarAnswer } from '../sidecar/sidecar-answer';
import { ActorCallContext } from './actor-call-context';
import { ActorClient } from './actor-client';
import { defineActorContract } from './actor-contract';
import { ActorCallError } from './actor-errors';
import type { ActorsModuleOptions } from './actors.module-definition';

interface EchoApi {
  echo(input: { text: string }): Promise<{ text: string }>;
  stall(): Promise<null>;
}

const EchoContract = defineActorContract<EchoApi>('Echo', { echo: 'Echo', stall: 'Stall' });

const options: ActorsModuleOptions = {
  runtime: {
    actorIdleTimeoutMs: 60_000,
    actorScanIntervalMs: 30_000,
    drainOngoingCallTimeoutMs: 60_000,
    drainRebalancedActors: true,
    reentrancy: { enabled: true, maxStackDepth: 7 },
    entitiesConfig: [],
    callTimeoutMs: 1_000,
  },
  stateRetryPolicy: { name: 'test', policy: 'constant', durationMs: 1, maxRetries: 0 },
  stateAttemptTimeoutMs: 1_000,
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
    return new Promise((_resolve, reject) =>
      init.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)),
    );
  };
  return { sidecar: { request } as DaprSidecar, requests };
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
  it('calls the wire method through the sidecar and carries the chain reentrancy id and trace', async () => {
    const { sidecar, requests } = sidecarAnswering(() => jsonAnswer({ text: 'hi' }));
    const proxy = new ActorClient(sidecar, options).proxy(EchoContract, 'e/1');
    const answer = await ActorCallContext.run(
      { actorType: 'Other', actorId: 'x', reentrancyId: 'chain-1', traceparent: 'tp' },
      () => proxy.echo({ text: 'hi' }),
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
            traceparent: 'tp',
          },
        }),
      },
    ]);
  });

  it('sends no reentrancy id outside an actor call', async () => {
    const { sidecar, requests } = sidecarAnswering(() => jsonAnswer(null));
    await new ActorClient(sidecar, options).proxy(EchoContract, 'e').stall();
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
    const error = await caught(new ActorClient(sidecar, options).proxy(EchoContract, 'e').echo({ text: '' }));
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
    const error = await caught(new ActorClient(sidecar, options).proxy(EchoContract, 'e').stall());
    expect([error.getStatus(), error.message]).toEqual([
      508,
      'Echo/e Stall refused: the call chain is deeper than reentrancy.maxStackDepth (7); make the chain shallower or raise the limit',
    ]);
  });

  it('gives up after the timeout with a 504 that says why', async () => {
    const { sidecar } = sidecarAnswering();
    const error = await caught(new ActorClient(sidecar, options).proxy(EchoContract, 'e', { timeoutMs: 20 }).stall());
    expect([error.getStatus(), error.errorName]).toEqual([504, 'ActorCallTimeout']);
  });

  it("stops when the caller's AbortSignal aborts", async () => {
    const { sidecar } = sidecarAnswering();
    const controller = new AbortController();
    const call = new ActorClient(sidecar, options).proxy(EchoContract, 'e', { signal: controller.signal }).stall();
    controller.abort();
    const error = await caught(call);
    expect([error.getStatus(), error.errorName, error.message]).toEqual([
      503,
      'ActorCallAborted',
      'Echo/e Stall was cancelled by its caller',
    ]);
  });
});

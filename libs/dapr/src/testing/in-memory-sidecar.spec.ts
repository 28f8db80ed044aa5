import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Actor } from '../actors/actor';
import { ActorClient } from '../actors/actor-client';
import { defineActorContract } from '../actors/actor-contract';
import { DaprActor, OnTimer } from '../actors/actor.decorators';
import { DEFAULT_ACTORS_OPTIONS } from '../actors/actors.options';
import { DaprConfigController } from '../actors/dapr-config.controller';
import { InvocationFailedException } from '../invocation/invocation-failed.exception';
import { ServiceInvoker } from '../invocation/service-invoker';
import { DaprSidecar } from '../sidecar/dapr-sidecar';
import { SidecarAnswer } from '../sidecar/sidecar-answer';
import { DaprTestingModule, type DaprTestingOptions } from './dapr-testing.module';
import { InMemorySidecar } from './in-memory-sidecar';

interface CounterApi {
  add(amount: number): Promise<number>;
  addThroughItself(amount: number): Promise<number>;
  tickEvery(periodMs: number): Promise<null>;
}

const CounterContract = defineActorContract<CounterApi>('Counter', {
  add: 'Add',
  addThroughItself: 'AddThroughItself',
  tickEvery: 'TickEvery',
});

const deactivated: string[] = [];

@DaprActor(CounterContract)
class CounterActor extends Actor implements CounterApi {
  constructor(private readonly actors: ActorClient) {
    super();
  }

  async add(amount: number): Promise<number> {
    const total = ((await this.state.get<number>('total')) ?? 0) + amount;
    await this.state.set('total', total);
    return total;
  }

  addThroughItself(amount: number): Promise<number> {
    return this.actors.proxy(CounterContract, this.id).add(amount);
  }

  async tickEvery(periodMs: number): Promise<null> {
    await this.scheduler.registerTimer('Tick', { dueTimeMs: periodMs, periodMs });
    return null;
  }

  @OnTimer('Tick')
  async tick(): Promise<void> {
    await this.add(1);
  }

  override onDeactivate(): Promise<void> {
    deactivated.push(this.id);
    return Promise.resolve();
  }
}

describe('InMemorySidecar', () => {
  let app: INestApplication;
  let sidecar: InMemorySidecar;
  const counter = (actorId: string) => app.get(ActorClient).proxy(CounterContract, actorId);

  async function start(options: DaprTestingOptions = {}): Promise<void> {
    const moduleRef = await Test.createTestingModule({
      imports: [DaprTestingModule.forRoot(options)],
      providers: [CounterActor],
    }).compile();
    app = await moduleRef.createNestApplication({ logger: false }).init();
    sidecar = app.get(InMemorySidecar);
  }

  afterEach(() => app.close());

  it('is the DaprSidecar every part of DaprModule talks to', async () => {
    await start();
    expect(app.get(DaprSidecar)).toBe(sidecar);
    await expect(sidecar.request('/v1.0/healthz/outbound')).resolves.toMatchObject({ status: 204 });
    await expect(sidecar.request('/v1.0/state/statestore/key')).resolves.toMatchObject({ status: 501 });
  });

  it('fires a periodic timer as often as its period fits in the time the test moves the clock', async () => {
    await start();
    await counter('c1').tickEvery(1_000);

    await sidecar.advanceTime(3_500);

    expect(sidecar.actorState('Counter', 'c1', 'total')).toBe(3);
    expect(sidecar.timers('Counter', 'c1')).toEqual([expect.objectContaining({ name: 'Tick', dueAt: 4_000 })]);
  });

  it('deactivates an actor as daprd does: onDeactivate runs, its timers stop, its state stays', async () => {
    await start();
    await counter('c2').add(5);
    await counter('c2').tickEvery(1_000);

    await sidecar.deactivate('Counter', 'c2');

    expect(deactivated).toContain('c2');
    expect(sidecar.timers('Counter', 'c2')).toEqual([]);
    await expect(counter('c2').add(1)).resolves.toBe(6);
  });

  it('has the host forget its activations when a restarted daprd asks for /dapr/config: no stale cached state', async () => {
    await start();
    await counter('c4').add(5);
    // Meanwhile the actor lived on another host, which wrote its state.
    const elsewhere = [{ operation: 'upsert', request: { key: 'total', value: 100 } }];
    await sidecar.request('/v1.0/actors/Counter/c4/state', { method: 'POST', body: JSON.stringify(elsewhere) });
    await expect(counter('c4').add(1)).resolves.toBe(6);

    await sidecar.request('/v1.0/actors/Counter/c4/state', { method: 'POST', body: JSON.stringify(elsewhere) });
    app.get(DaprConfigController).config();

    await expect(counter('c4').add(1)).resolves.toBe(101);
  });

  it('lets a call chain re-enter an actor under reentrancy, and leaves it waiting for itself without', async () => {
    await start();
    await expect(counter('c3').addThroughItself(2)).resolves.toBe(2);
    await app.close();

    const runtime = {
      ...DEFAULT_ACTORS_OPTIONS.runtime,
      callTimeoutMs: 400,
      entitiesConfig: [{ entities: ['Counter'], reentrancy: { enabled: false } }],
    };
    await start({ actors: { ...DEFAULT_ACTORS_OPTIONS, runtime } });
    // The nested call times out waiting for the turn its own chain holds, and the actor answers with that.
    await expect(counter('c3').addThroughItself(2)).rejects.toMatchObject({ errorName: 'ActorCallTimeout' });
  });

  it('answers service invocations with the handlers the test registered', async () => {
    await start();
    sidecar.onInvoke('callee-app', /^greet\//, ({ verb, method }) => ({ message: `${verb} ${method}` }));
    sidecar.onInvoke('callee-app', 'missing', () => new SidecarAnswer(404, {}, '{"detail":"no such thing"}'));
    const invoker = app.get(ServiceInvoker);

    await expect(invoker.invoke('callee-app', 'greet/Alice')).resolves.toEqual({ message: 'GET greet/Alice' });
    await expect(invoker.invoke('callee-app', 'missing')).rejects.toMatchObject({
      failure: 'upstream-error',
      message: expect.stringContaining('no such thing'),
    });
    const unknownApp = await invoker.invoke('nobody', 'greet/Alice').catch((error: unknown) => error);
    expect(unknownApp).toBeInstanceOf(InvocationFailedException);
    expect(unknownApp).toMatchObject({ failure: 'unreachable' });
  });
});

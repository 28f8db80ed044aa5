import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit, type Type } from '@nestjs/common';
import { ContextIdFactory, DiscoveryService, ModuleRef } from '@nestjs/core';
import { DaprSidecar } from '../sidecar/dapr-sidecar';
import { Actor } from './actor';
import { ActorCallContext } from './actor-call-context';
import { ActorNotFoundError } from './actor-errors';
import type { ScheduledKind } from './scheduled-callback.params';
import { ActorMetrics } from './actor-metrics';
import { ActorScheduler } from './actor-scheduler';
import { ActorStateStore } from './actor-state-store';
import { ActorTurns } from './actor-turns';
import { ACTOR_CONTRACT, ACTOR_REMINDERS, ACTOR_TIMERS } from './actor.decorators';
import { CallChainDepthGuard } from './call-chain-depth.guard';
import { ReminderDueTimes } from './reminder-due-times';

type Handler = (input: unknown) => Promise<unknown>;
/** Reminder or timer name → property of the class. */
type HandlerNames = Map<string, string | symbol>;

interface HostedType {
  actorClass: Type<Actor>;
  /** Wire method name → property of the class. */
  methods: Map<string, string>;
  reminders: HandlerNames;
  timers: HandlerNames;
}

/**
 * The actor types of this app and their active instances. daprd decides where an actor lives and
 * serialises its calls; the host builds an instance (through Nest) on its first call, activates it,
 * and drops it when daprd deactivates it.
 *
 * The host also keeps daprd's turn lock itself, because daprd lets a call go when it gives up on it
 * (a placement round that moves actors cancels the calls in flight) while the turn still runs here: a
 * call daprd sends next waits until that turn ends. The abandoned turn's state writes are refused
 * (ActorStateStore) and its activation is dropped, since the actor may have lived elsewhere meanwhile:
 * the next call activates it again and reads its state afresh.
 */
@Injectable()
export class ActorHost implements OnModuleInit {
  private readonly logger = new Logger(ActorHost.name);
  private readonly types = new Map<string, HostedType>();
  private readonly active = new Map<string, Promise<Actor>>();
  private readonly turns = new ActorTurns();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly moduleRef: ModuleRef,
    private readonly sidecar: DaprSidecar,
    private readonly stateStore: ActorStateStore,
    private readonly metrics: ActorMetrics,
    private readonly chainDepth: CallChainDepthGuard,
    private readonly dueTimes: ReminderDueTimes,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const actorClass = wrapper.metatype as Type<Actor> | undefined;
      const contract =
        actorClass &&
        (Reflect.getMetadata(ACTOR_CONTRACT, actorClass) as
          { actorType: string; methods: Record<string, string> } | undefined);
      if (!actorClass || !contract) continue;
      this.types.set(contract.actorType, {
        actorClass,
        methods: new Map(Object.entries(contract.methods).map(([property, wire]) => [wire, property])),
        reminders:
          (Reflect.getMetadata(ACTOR_REMINDERS, actorClass) as HandlerNames | undefined) ??
          new Map<string, string | symbol>(),
        timers:
          (Reflect.getMetadata(ACTOR_TIMERS, actorClass) as HandlerNames | undefined) ??
          new Map<string, string | symbol>(),
      });
    }
  }

  /** The hosted actor types, as daprd learns them from /dapr/config. */
  actorTypes(): string[] {
    return [...this.types.keys()];
  }

  async invoke(actorType: string, actorId: string, method: string, input: unknown): Promise<unknown> {
    const property = this.hosted(actorType).methods.get(method);
    if (!property) {
      throw new ActorNotFoundError(
        `actor type ${actorType} has no method '${method}'; its methods are ${[...this.hosted(actorType).methods.keys()].join(', ')}`,
      );
    }
    const leave = this.chainDepth.enter(actorType, actorId, method);
    try {
      return await this.dispatch(actorType, actorId, property, input);
    } finally {
      leave();
    }
  }

  async fireScheduled(
    kind: ScheduledKind,
    actorType: string,
    actorId: string,
    name: string,
    data: unknown,
  ): Promise<void> {
    const hosted = this.hosted(actorType);
    const property = (kind === 'remind' ? hosted.reminders : hosted.timers).get(name);
    const what = kind === 'remind' ? 'reminder' : 'timer';
    if (!property) throw new ActorNotFoundError(`actor type ${actorType} has no handler for ${what} '${name}'`);
    if (kind === 'remind') this.countReminder(actorType, actorId, name);
    else this.metrics.timersFired.inc({ actor_type: actorType, timer: name });
    await this.dispatch(actorType, actorId, property, data);
  }

  private countReminder(actorType: string, actorId: string, name: string): void {
    const labels = { actor_type: actorType, reminder: name };
    this.metrics.remindersFired.inc(labels);
    const lateness = this.dueTimes.lateness(actorType, actorId, name);
    if (lateness !== undefined) this.metrics.reminderLateness.observe(labels, lateness);
  }

  async deactivate(actorType: string, actorId: string): Promise<void> {
    this.hosted(actorType);
    const key = `${actorType}/${actorId}`;
    const activation = this.active.get(key);
    if (!activation) throw new ActorNotFoundError(`actor ${key} is not active on this host`);
    this.active.delete(key);
    this.metrics.deactivations.inc({ actor_type: actorType });
    // An activation that failed was never counted active.
    const actor = await activation;
    this.metrics.active.dec({ actor_type: actorType });
    await actor.onDeactivate();
  }

  private async dispatch(
    actorType: string,
    actorId: string,
    property: string | symbol,
    input: unknown,
  ): Promise<unknown> {
    const key = `${actorType}/${actorId}`;
    const call = ActorCallContext.current();
    const reentrant = call?.reentrancyId !== undefined;
    const release = await this.turns.take(key, call?.reentrancyId ?? randomUUID(), reentrant, call?.abandoned);
    try {
      const actor = await this.activated(actorType, actorId);
      const handler = (actor as unknown as Record<string | symbol, Handler>)[property];
      return await handler.call(actor, input);
    } finally {
      release();
      if (call?.abandoned?.aborted) this.dropAbandoned(key);
    }
  }

  /**
   * Forgets every activation, as daprd's restart calls for: a daprd asks for /dapr/config when it
   * starts, and one that restarted lost its actors to the other hosts meanwhile. An activation kept
   * here would answer from a cache of the state that the actor's calls elsewhere have since changed.
   */
  forgetActivations(): void {
    if (this.active.size === 0) return;
    const keys = [...this.active.keys()];
    for (const key of keys) this.forget(key);
    this.logger.warn(
      { activations: keys.length },
      `daprd (re)started: ${keys.length} actor activations dropped; their next calls activate them again and read their state afresh`,
    );
  }

  private forget(key: string): boolean {
    const activation = this.active.get(key);
    if (!activation) return false;
    this.active.delete(key);
    const [actorType] = key.split('/');
    // An activation that failed was never counted active.
    activation.then(
      () => this.metrics.active.dec({ actor_type: actorType }),
      () => undefined,
    );
    return true;
  }

  private dropAbandoned(key: string): void {
    if (!this.forget(key)) return;
    this.logger.warn(
      { actor: key },
      `${key}: daprd gave up on a call while its turn ran (its caller timed out, or placement moved the actor); ` +
        'its state writes after that were refused, and the activation is dropped so that the next call reads the state afresh',
    );
  }

  private activated(actorType: string, actorId: string): Promise<Actor> {
    const key = `${actorType}/${actorId}`;
    let activation = this.active.get(key);
    if (!activation) {
      activation = this.activate(this.hosted(actorType), actorType, actorId);
      this.active.set(key, activation);
      activation.catch(() => this.active.delete(key));
    }
    return activation;
  }

  private async activate(hosted: HostedType, actorType: string, actorId: string): Promise<Actor> {
    const actor = await this.moduleRef.resolve(hosted.actorClass, ContextIdFactory.create(), { strict: false });
    actor.bind({
      actorType,
      id: actorId,
      state: this.stateStore.forActor(actorType, actorId),
      scheduler: new ActorScheduler(this.sidecar, this.dueTimes, actorType, actorId),
    });
    await actor.onActivate();
    this.metrics.activations.inc({ actor_type: actorType });
    this.metrics.active.inc({ actor_type: actorType });
    this.logger.log({ actorType, actorId }, `activated ${actorType}/${actorId}`);
    return actor;
  }

  private hosted(actorType: string): HostedType {
    const hosted = this.types.get(actorType);
    if (!hosted) {
      throw new ActorNotFoundError(
        `actor type '${actorType}' is not hosted here; hosted types: ${this.actorTypes().join(', ')}`,
      );
    }
    return hosted;
  }
}

import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ActorCallbackController } from '../actors/actor-callback.controller';
import { actorCallErrorOf } from '../actors/actor-call-error-of';
import { ACTOR_ERROR_HEADER, REENTRANCY_HEADER } from '../actors/actor-client';
import { settingsOf } from '../actors/actor-runtime.options';
import { ACTORS_OPTIONS, type ActorsOptions } from '../actors/actors.options';
import type { ScheduledCallbackParams } from '../actors/scheduled-callback.params';
import type { DaprModuleOptions } from '../dapr-module.options';
import { DAPR_MODULE_OPTIONS } from '../dapr.module-definition';
import type { CloudEvent } from '../pubsub/cloud-event';
import { DaprPubSubServer } from '../pubsub/dapr-pubsub.server';
import type { DaprTopic } from '../pubsub/dapr-topic';
import type { DeliveryStatus } from '../pubsub/delivery-status';
import { DaprSidecar, type SidecarRequestInit } from '../sidecar/dapr-sidecar';
import { SidecarAnswer } from '../sidecar/sidecar-answer';
import { ActorTurns } from '../actors/actor-turns';
import { InMemoryActorState, type ActorStateOperation } from './in-memory-actor-state';
import { ScheduledCallbacks, type ReminderOrTimer, type ScheduledCallback } from './scheduled-callbacks';

/** A service invocation as the handler registered with `onInvoke` receives it. */
export interface InvocationRequest {
  /** The HTTP verb of the call (default GET). */
  verb: string;
  /** The invoked method, with its query string if any, e.g. `greet/Alice`. */
  method: string;
  headers: Record<string, string>;
  /** The body parsed as JSON (its text when it is not JSON), or undefined when there is none. */
  body: unknown;
}

/**
 * Answers one service invocation: a SidecarAnswer is sent as it is, anything else as a 200 with its
 * JSON; a thrown error becomes a 500 with its message, as a failing app answers.
 */
export type InvocationHandler = (request: InvocationRequest) => unknown;

/** One call of daprd's API, as a route serves it. */
interface SidecarCall {
  verb: string;
  params: string[];
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  signal?: AbortSignal;
}

/** A route of daprd's API: its verb, or `*` for any verb and a path matched with its query string. */
type Route = [verb: string, path: RegExp, serve: (request: SidecarCall) => Promise<SidecarAnswer> | SidecarAnswer];

const SEGMENT = '([^/?]+)';
const ACTOR = `^/v1\\.0/actors/${SEGMENT}/${SEGMENT}`;

const answer = (status: number, body?: unknown, headers: IncomingHttpHeaders = {}): SidecarAnswer =>
  new SidecarAnswer(status, headers, body === undefined ? '' : JSON.stringify(body));

/** Rejects with the signal's reason once it aborts, as an HTTP request does, whatever `work` still does. */
function abortable<T>(work: Promise<T> | T, signal?: AbortSignal): Promise<T> {
  if (!signal) return Promise.resolve(work);
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', abort, { once: true });
    Promise.resolve(work)
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', abort));
  });
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** daprd's own error body, as ServiceInvoker and ActorClient recognise it. */
const daprError = (status: number, errorCode: string, message: string): SidecarAnswer =>
  answer(status, { errorCode, message });

/**
 * daprd in memory, behind the same DaprSidecar port: DaprTestingModule binds it, so that actors,
 * ActorClient, DaprEventPublisher and ServiceInvoker run their real code against it, in milliseconds.
 * It serves daprd's HTTP API as @daca/dapr uses it, and calls the app back the way daprd does,
 * through the app's own callback handlers (without HTTP):
 * - actor calls, one call chain per actor at a time, re-entrant within a chain when the type's
 *   reentrancy is enabled (Dapr-Reentrancy-Id);
 * - actor state (reads and transactions), kept as JSON per actor;
 * - reminders and timers, registered and listed here, fired when the test says so
 *   (`fireReminder`, `fireTimer`) or when it moves the sidecar's clock (`advanceTime`);
 * - published events, recorded and delivered to the app's `@EventPattern` handlers on demand
 *   (`deliverPublished`, `deliver`);
 * - service invocation, answered by handlers the test registers per app id and method (`onInvoke`).
 */
@Injectable()
export class InMemorySidecar extends DaprSidecar {
  private readonly turns = new ActorTurns();
  private readonly state = new InMemoryActorState();
  private readonly schedule = new ScheduledCallbacks();
  private readonly published: CloudEvent[] = [];
  private delivered = 0;
  private readonly invocationHandlers: { appId: string; method: string | RegExp; handler: InvocationHandler }[] = [];
  private readonly routes: Route[] = [
    ['PUT', new RegExp(`${ACTOR}/method/${SEGMENT}$`), (request) => this.callActor(request)],
    ['GET', new RegExp(`${ACTOR}/state/${SEGMENT}$`), (request) => this.readState(request)],
    ['POST', new RegExp(`${ACTOR}/state$`), (request) => this.writeState(request)],
    ['POST', new RegExp(`${ACTOR}/reminders/${SEGMENT}$`), (request) => this.register('reminder', request)],
    ['DELETE', new RegExp(`${ACTOR}/reminders/${SEGMENT}$`), (request) => this.unregister('reminder', request)],
    ['POST', new RegExp(`${ACTOR}/timers/${SEGMENT}$`), (request) => this.register('timer', request)],
    ['DELETE', new RegExp(`${ACTOR}/timers/${SEGMENT}$`), (request) => this.unregister('timer', request)],
    ['POST', new RegExp(`^/v1\\.0/publish/${SEGMENT}/${SEGMENT}$`), (request) => this.publish(request)],
    ['*', /^\/v1\.0\/invoke\/([^/?]+)\/method\/(.+)$/, (request) => this.invokeApp(request)],
    ['GET', /^\/v1\.0\/healthz(\/outbound)?$/, () => answer(HttpStatus.NO_CONTENT)],
  ];

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(DAPR_MODULE_OPTIONS) private readonly options: DaprModuleOptions,
    @Inject(ACTORS_OPTIONS) private readonly actorsOptions: ActorsOptions,
  ) {
    super();
  }

  override request(path: string, init: SidecarRequestInit = {}): Promise<SidecarAnswer> {
    const verb = init.method ?? 'GET';
    const [pathname, search = ''] = path.split('?', 2);
    for (const [routeVerb, pattern, serve] of this.routes) {
      const match = pattern.exec(routeVerb === '*' ? path : pathname);
      if (!match || (routeVerb !== '*' && routeVerb !== verb)) continue;
      const headers = Object.fromEntries(
        Object.entries(init.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
      );
      const body = init.body ? jsonOrText(init.body) : undefined;
      const params = match.slice(1).map((param) => (param === undefined ? '' : decodeURIComponent(param)));
      return abortable(
        serve({ verb, params, query: new URLSearchParams(search), headers, body, signal: init.signal }),
        init.signal,
      );
    }
    const refusal = `the in-memory sidecar does not serve ${verb} ${path}`;
    return Promise.resolve(daprError(HttpStatus.NOT_IMPLEMENTED, 'ERR_NOT_SUPPORTED', refusal));
  }

  /** The value of an actor's state `key`, as the actor last wrote it (a copy), or undefined. */
  actorState<T>(actorType: string, actorId: string, key: string): T | undefined {
    const text = this.state.read(`${actorType}/${actorId}`, key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  /** The registered reminders, of one actor type or actor if given. */
  reminders(actorType?: string, actorId?: string): ScheduledCallback[] {
    return this.schedule.list('reminder', actorType, actorId);
  }

  /** The registered timers, of one actor type or actor if given. */
  timers(actorType?: string, actorId?: string): ScheduledCallback[] {
    return this.schedule.list('timer', actorType, actorId);
  }

  /** Fires a registered reminder now, in the actor's turn; rejects with the handler's ActorCallError. */
  async fireReminder(actorType: string, actorId: string, name: string): Promise<void> {
    await this.fire(this.registered('reminder', actorType, actorId, name));
  }

  /** Fires a registered timer now, in the actor's turn; rejects with the handler's ActorCallError. */
  async fireTimer(actorType: string, actorId: string, name: string): Promise<void> {
    await this.fire(this.registered('timer', actorType, actorId, name));
  }

  /**
   * Moves the sidecar's clock `ms` forward, firing every reminder and timer that falls due on the way,
   * in order of due time (a periodic one as often as its period fits), each in its actor's turn.
   */
  async advanceTime(ms: number): Promise<void> {
    const until = this.schedule.now + ms;
    for (let due = this.schedule.nextDue(until); due; due = this.schedule.nextDue(until)) {
      this.schedule.advanceTo(due.dueAt);
      await this.fire(due);
    }
    this.schedule.advanceTo(until);
  }

  /** Deactivates an actor as daprd does when it is idle: its onDeactivate runs and its timers stop. */
  async deactivate(actorType: string, actorId: string): Promise<void> {
    await this.inTurn(actorType, actorId, undefined, undefined, () =>
      this.actorCallbacks().deactivate(actorType, actorId),
    );
    this.schedule.dropTimers(actorType, actorId);
  }

  /** The events published so far (as CloudEvents), on one topic if given. */
  publishedEvents(topic?: DaprTopic): CloudEvent[] {
    return this.published.filter(
      (event) => !topic || (event.pubsubname === topic.pubsub && event.topic === topic.topic),
    );
  }

  /**
   * Delivers every event published since the last call to the app's `@EventPattern` handlers, in
   * order, and answers what each handler told daprd. The handlers listen once the test app connected
   * the transport: `connectDaprPubSub(app)` and `app.init()`.
   */
  async deliverPublished(): Promise<DeliveryStatus[]> {
    const statuses: DeliveryStatus[] = [];
    while (this.delivered < this.published.length) {
      const event = this.published[this.delivered++];
      statuses.push(await this.pubSub().deliver({ pubsub: event.pubsubname, topic: event.topic }, event));
    }
    return statuses;
  }

  /** Delivers an event to the app's handler of `topic` as if another app had published `data`. */
  deliver(topic: DaprTopic, data: unknown): Promise<DeliveryStatus> {
    return this.pubSub().deliver(topic, this.cloudEvent(topic, randomUUID(), data, 'another-app'));
  }

  /** Answers service invocations of `method` (exact, or a pattern of the method and query) of app `appId`. */
  onInvoke(appId: string, method: string | RegExp, handler: InvocationHandler): void {
    this.invocationHandlers.push({ appId, method, handler });
  }

  private async callActor({
    params: [actorType, actorId, method],
    headers,
    body,
    signal,
  }: SidecarCall): Promise<SidecarAnswer> {
    try {
      const result = await this.inTurn(actorType, actorId, headers[REENTRANCY_HEADER], signal, (chainHeaders) =>
        this.actorCallbacks().invoke(actorType, actorId, method, body, { ...headers, ...chainHeaders }),
      );
      return answer(HttpStatus.OK, result);
    } catch (error) {
      return answer(HttpStatus.OK, actorCallErrorOf(error).toBody(), { [ACTOR_ERROR_HEADER]: 'true' });
    }
  }

  private readState({ params: [actorType, actorId, key] }: SidecarCall): SidecarAnswer {
    const text = this.state.read(`${actorType}/${actorId}`, key);
    return text === undefined ? answer(HttpStatus.NO_CONTENT) : new SidecarAnswer(HttpStatus.OK, {}, text);
  }

  private writeState({ params: [actorType, actorId], body }: SidecarCall): SidecarAnswer {
    try {
      this.state.transact(`${actorType}/${actorId}`, body as ActorStateOperation[]);
      return answer(HttpStatus.NO_CONTENT);
    } catch (error) {
      return daprError(HttpStatus.BAD_REQUEST, 'ERR_MALFORMED_REQUEST', (error as Error).message);
    }
  }

  private register(kind: ReminderOrTimer, { params: [actorType, actorId, name], body }: SidecarCall): SidecarAnswer {
    try {
      this.schedule.register(kind, actorType, actorId, name, body ?? {});
      return answer(HttpStatus.NO_CONTENT);
    } catch (error) {
      return daprError(HttpStatus.BAD_REQUEST, 'ERR_MALFORMED_REQUEST', (error as Error).message);
    }
  }

  private unregister(kind: ReminderOrTimer, { params: [actorType, actorId, name] }: SidecarCall): SidecarAnswer {
    this.schedule.unregister(kind, actorType, actorId, name);
    return answer(HttpStatus.NO_CONTENT);
  }

  private publish({ params: [pubsub, topic], query, headers, body }: SidecarCall): SidecarAnswer {
    const id = query.get('metadata.cloudevent.id') ?? randomUUID();
    this.published.push({
      ...this.cloudEvent({ pubsub, topic }, id, body, this.options.appId),
      ...(headers.traceparent ? { traceparent: headers.traceparent } : {}),
    });
    return answer(HttpStatus.NO_CONTENT);
  }

  private async invokeApp({ verb, params: [appId, method], headers, body }: SidecarCall): Promise<SidecarAnswer> {
    const target = this.invocationHandlers.find(
      (candidate) =>
        candidate.appId === appId &&
        (typeof candidate.method === 'string' ? candidate.method === method : candidate.method.test(method)),
    );
    if (!target) {
      return daprError(
        HttpStatus.INTERNAL_SERVER_ERROR,
        'ERR_DIRECT_INVOKE',
        `failed to invoke, id: ${appId}, err: no handler of ${verb} ${method} in the in-memory sidecar (onInvoke)`,
      );
    }
    try {
      const result = await target.handler({ verb, method, headers, body });
      return result instanceof SidecarAnswer ? result : answer(HttpStatus.OK, result ?? null);
    } catch (error) {
      return answer(HttpStatus.INTERNAL_SERVER_ERROR, { message: (error as Error).message });
    }
  }

  private registered(kind: ReminderOrTimer, actorType: string, actorId: string, name: string): ScheduledCallback {
    const entry = this.schedule.find(kind, actorType, actorId, name);
    if (!entry) {
      const registered = this.schedule.list(kind, actorType, actorId).map((candidate) => candidate.name);
      throw new Error(
        `${actorType}/${actorId} has no ${kind} '${name}'; registered: ${registered.join(', ') || '(none)'}`,
      );
    }
    return entry;
  }

  /** Fires in the actor's turn, as the first call of a new chain, and then reschedules or forgets it. */
  private async fire(entry: ScheduledCallback): Promise<void> {
    const { actorType, actorId, name, data } = entry;
    const params: ScheduledCallbackParams = {
      actorType,
      actorId,
      kind: entry.kind === 'reminder' ? 'remind' : 'timer',
      name,
    };
    try {
      await this.inTurn(actorType, actorId, undefined, undefined, (chainHeaders) =>
        this.actorCallbacks().fire(params, { data }, chainHeaders),
      );
    } catch (error) {
      throw actorCallErrorOf(error);
    }
    this.schedule.fired(entry);
  }

  /**
   * Runs `work` in the actor's turn for call chain `chain` (a new chain when undefined), handing it the
   * headers daprd adds for the app: daprd names a chain at its first call, and tells the app only
   * under reentrancy.
   */
  private async inTurn<T>(
    actorType: string,
    actorId: string,
    chain: string | undefined,
    signal: AbortSignal | undefined,
    work: (chainHeaders: Record<string, string>) => Promise<T>,
  ): Promise<T> {
    const { enabled } = settingsOf(this.actorsOptions.runtime, actorType).reentrancy;
    const chainId = chain ?? randomUUID();
    const release = await this.turns.take(`${actorType}/${actorId}`, chainId, enabled, signal);
    try {
      return await work(enabled ? { [REENTRANCY_HEADER]: chainId } : {});
    } finally {
      release();
    }
  }

  private cloudEvent({ pubsub, topic }: DaprTopic, id: string, data: unknown, source: string): CloudEvent {
    return {
      id,
      source,
      type: 'com.dapr.event.sent',
      specversion: '1.0',
      datacontenttype: 'application/json',
      pubsubname: pubsub,
      topic,
      data,
    };
  }

  // Looked up when first needed: the app's callback handlers depend on this sidecar themselves.
  private actorCallbacks(): ActorCallbackController {
    return this.moduleRef.get(ActorCallbackController, { strict: false });
  }

  private pubSub(): DaprPubSubServer {
    return this.moduleRef.get(DaprPubSubServer, { strict: false });
  }
}

import { applyDecorators, Injectable, Scope, SetMetadata } from '@nestjs/common';
import type { ActorApi, ActorContract } from './actor-contract';

export const ACTOR_CONTRACT = Symbol('daca:actor-contract');
export const ACTOR_REMINDERS = Symbol('daca:actor-reminders');
export const ACTOR_TIMERS = Symbol('daca:actor-timers');

/**
 * Hosts the decorated class as the actor type of `contract`: list it among a module's providers and
 * ActorsModule serves it to daprd. One instance per active actor id, built by Nest, so constructor
 * injection works as anywhere else.
 */
export function DaprActor<TApi extends ActorApi<TApi>>(contract: ActorContract<TApi>): ClassDecorator {
  return applyDecorators(Injectable({ scope: Scope.TRANSIENT }), SetMetadata(ACTOR_CONTRACT, contract));
}

function addHandler(key: symbol, name: string): MethodDecorator {
  return (target, property) => {
    const registered = Reflect.getMetadata(key, target.constructor) as Map<string, string | symbol> | undefined;
    const handlers = new Map(registered ?? []);
    handlers.set(name, property);
    Reflect.defineMetadata(key, handlers, target.constructor);
  };
}

/** Runs the decorated method when the actor's reminder `name` fires; it receives the reminder's data. */
export function OnReminder(name: string): MethodDecorator {
  return addHandler(ACTOR_REMINDERS, name);
}

/** Runs the decorated method when the actor's timer `name` fires; it receives the timer's data. */
export function OnTimer(name: string): MethodDecorator {
  return addHandler(ACTOR_TIMERS, name);
}

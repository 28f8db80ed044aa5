export { Actor } from './actor';
export { ActorClient, type ActorCallOptions } from './actor-client';
export { ActorCallContext } from './actor-call-context';
export { defineActorContract, type ActorApi, type ActorContract } from './actor-contract';
export {
  ActorCallError,
  ActorCallTimeoutError,
  ActorCircuitOpenError,
  ActorNotFoundError,
  ActorOverloadedError,
  ActorStackDepthError,
} from './actor-errors';
export type { ActorRuntimeOptions, ActorTypeOverride, ReentrancyOptions } from './actor-runtime.options';
export type { ActorState } from './actor-state';
export type { ReminderSchedule, TimerSchedule } from './actor-scheduler';
export { DaprActor, OnReminder, OnTimer } from './actor.decorators';
export { ActorsModule } from './actors.module';
export type { ActorsModuleOptions } from './actors.module-definition';
export { actorsConfig } from './actors.config';

// `@daca/dapr/testing`: what tests and demos import, never production code.

// An in-memory sidecar for unit tests of actors and event handlers
export { DaprTestingModule, type DaprTestingOptions } from './dapr-testing.module';
export { InMemorySidecar, type InvocationHandler, type InvocationRequest } from './in-memory-sidecar';
export type { ReminderOrTimer, ScheduledCallback } from './scheduled-callbacks';

// Fault injection against the real runtime
export { DaprFaultsModule } from '../faults/dapr-faults.module';
export { FaultInjector, InjectedFault } from '../faults/fault-injector';
export { StateFaultInjector } from '../faults/state-fault-injector';
export { EventFaultInjector } from '../faults/event-fault-injector';
export { PublishFaultInjector } from '../faults/publish-fault-injector';

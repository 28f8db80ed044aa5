// `@daca/dapr/testing`: what tests and demos import, never production code.
export { DaprFaultsModule } from '../faults/dapr-faults.module';
export { FaultInjector, InjectedFault } from '../faults/fault-injector';
export { StateFaultInjector } from '../faults/state-fault-injector';
export { EventFaultInjector } from '../faults/event-fault-injector';
export { PublishFaultInjector } from '../faults/publish-fault-injector';

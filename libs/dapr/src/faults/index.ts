export { FaultInjector, InjectedFault } from './fault-injector';
export { StateFaultInjector } from './state-fault-injector';
export { EventFaultInjector } from './event-fault-injector';
export { PublishFaultInjector } from './publish-fault-injector';

import { Global, Module } from '@nestjs/common';
import { EventFaultInjector } from './event-fault-injector';
import { EVENT_FAULTS, PUBLISH_FAULTS, STATE_FAULTS } from './fault-hooks';
import { PublishFaultInjector } from './publish-fault-injector';
import { StateFaultInjector } from './state-fault-injector';

/**
 * Fault injection for tests and demos of fault tolerance: import it beside DaprModule and inject
 * StateFaultInjector, EventFaultInjector or PublishFaultInjector to fail the next N operations.
 */
@Global()
@Module({
  providers: [
    StateFaultInjector,
    EventFaultInjector,
    PublishFaultInjector,
    { provide: STATE_FAULTS, useExisting: StateFaultInjector },
    { provide: EVENT_FAULTS, useExisting: EventFaultInjector },
    { provide: PUBLISH_FAULTS, useExisting: PublishFaultInjector },
  ],
  exports: [StateFaultInjector, EventFaultInjector, PublishFaultInjector, STATE_FAULTS, EVENT_FAULTS, PUBLISH_FAULTS],
})
export class DaprFaultsModule {}

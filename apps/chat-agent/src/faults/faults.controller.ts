import { Body, Controller, ForbiddenException, Get, Inject, Param, Put } from '@nestjs/common';
import { EventFaultInjector, PublishFaultInjector, StateFaultInjector, type FaultInjector } from '@daca/dapr';
import { FailNextDto } from './fail-next.dto';
import { FaultKindParams, type FaultKind } from './fault-kind.params';
import { faultsConfig, type FaultsConfig } from './faults.config';

/**
 * Fault injection for demos and tests of fault tolerance: the next N actor state operations
 * (`/faults/state`), deliveries of events to this app's handlers (`/faults/events`) or attempts to
 * publish events through the sidecar (`/faults/publish`) fail.
 */
@Controller('faults')
export class FaultsController {
  private readonly injectors: Record<FaultKind, FaultInjector>;

  constructor(
    state: StateFaultInjector,
    events: EventFaultInjector,
    publish: PublishFaultInjector,
    @Inject(faultsConfig.KEY) private readonly config: FaultsConfig,
  ) {
    this.injectors = { state, events, publish };
  }

  @Put(':kind')
  inject(@Param() { kind }: FaultKindParams, @Body() { failNext }: FailNextDto): FailNextDto {
    if (!this.config.enabled) {
      throw new ForbiddenException(
        'fault injection is off; start chat-agent with FAULT_INJECTION_ENABLED=true to use it',
      );
    }
    this.injectors[kind].failNext(failNext);
    return { failNext };
  }

  @Get(':kind')
  pending(@Param() { kind }: FaultKindParams): FailNextDto {
    return { failNext: this.injectors[kind].pending() };
  }
}

import { Body, Controller, ForbiddenException, Get, Inject, Optional, Param, Put } from '@nestjs/common';
import { EventFaultInjector, PublishFaultInjector, StateFaultInjector, type FaultInjector } from '@daca/dapr/testing';
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
  // Absent unless fault injection is enabled (see FaultsModule).
  private readonly injectors: Partial<Record<FaultKind, FaultInjector>>;

  constructor(
    @Inject(faultsConfig.KEY) private readonly config: FaultsConfig,
    @Optional() state?: StateFaultInjector,
    @Optional() events?: EventFaultInjector,
    @Optional() publish?: PublishFaultInjector,
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
    this.injectors[kind]?.failNext(failNext);
    return { failNext };
  }

  @Get(':kind')
  pending(@Param() { kind }: FaultKindParams): FailNextDto {
    return { failNext: this.injectors[kind]?.pending() ?? 0 };
  }
}

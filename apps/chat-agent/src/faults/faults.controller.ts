import { Body, Controller, ForbiddenException, Get, HttpStatus, Inject, Optional, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorAnswers } from '@daca/service';
import { EventFaultInjector, PublishFaultInjector, StateFaultInjector, type FaultInjector } from '@daca/dapr/testing';
import { FailNextDto } from './fail-next.dto';
import { FaultKindParams, type FaultKind } from './fault-kind.params';
import { faultsConfig, type FaultsConfig } from './faults.config';

/**
 * Fault injection for demos and tests of fault tolerance: the next N actor state operations
 * (`/faults/state`), deliveries of events to this app's handlers (`/faults/events`) or attempts to
 * publish events through the sidecar (`/faults/publish`) fail.
 */
@ApiTags('faults')
@ApiErrorAnswers([HttpStatus.BAD_REQUEST, 'An unknown kind, or a count that is not an integer from 0 to 1000'])
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
  @ApiOperation({ summary: 'Makes the next failNext operations of this kind fail' })
  @ApiOkResponse({ type: FailNextDto })
  @ApiErrorAnswers([HttpStatus.FORBIDDEN, 'Fault injection is off (FAULT_INJECTION_ENABLED)'])
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
  @ApiOperation({ summary: 'How many operations of this kind are still to fail' })
  @ApiOkResponse({ type: FailNextDto })
  pending(@Param() { kind }: FaultKindParams): FailNextDto {
    return { failNext: this.injectors[kind]?.pending() ?? 0 };
  }
}

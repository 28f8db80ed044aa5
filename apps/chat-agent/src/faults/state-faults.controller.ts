import { Body, Controller, ForbiddenException, Get, Inject, Put } from '@nestjs/common';
import { StateFaultInjector } from '@daca/dapr';
import { faultsConfig, type FaultsConfig } from './faults.config';
import { StateFaultsDto } from './state-faults.dto';

/** Fault injection for demos and tests of fault tolerance: the next N actor state operations fail. */
@Controller('faults/state')
export class StateFaultsController {
  constructor(
    private readonly faults: StateFaultInjector,
    @Inject(faultsConfig.KEY) private readonly config: FaultsConfig,
  ) {}

  @Put()
  inject(@Body() { failNext }: StateFaultsDto): StateFaultsDto {
    if (!this.config.enabled) {
      throw new ForbiddenException(
        'fault injection is off; start chat-agent with FAULT_INJECTION_ENABLED=true to use it',
      );
    }
    this.faults.failNext(failNext);
    return { failNext };
  }

  @Get()
  pending(): StateFaultsDto {
    return { failNext: this.faults.pending() };
  }
}

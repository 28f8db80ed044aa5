import { Controller, Get, Inject } from '@nestjs/common';
import { ActorHost } from './actor-host';
import { daprConfigDocument } from './actor-runtime.options';
import { ACTORS_MODULE_OPTIONS, type ActorsModuleOptions } from './actors.module-definition';

/** The actor runtime configuration daprd reads at start: hosted types, timeouts, reentrancy. */
@Controller('dapr/config')
export class DaprConfigController {
  constructor(
    private readonly host: ActorHost,
    @Inject(ACTORS_MODULE_OPTIONS) private readonly options: ActorsModuleOptions,
  ) {}

  @Get()
  config(): Record<string, unknown> {
    return daprConfigDocument(this.options.runtime, this.host.actorTypes());
  }
}

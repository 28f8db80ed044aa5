import { Controller, Get, Inject } from '@nestjs/common';
import { ActorHost } from './actor-host';
import { daprConfigDocument } from './actor-runtime.options';
import { ACTORS_OPTIONS, type ActorsOptions } from './actors.options';

/**
 * The actor runtime configuration daprd reads at start: hosted types, timeouts, reentrancy. A daprd
 * that asks has just started, perhaps after a crash: the host forgets the activations it kept.
 */
@Controller('dapr/config')
export class DaprConfigController {
  constructor(
    private readonly host: ActorHost,
    @Inject(ACTORS_OPTIONS) private readonly options: ActorsOptions,
  ) {}

  @Get()
  config(): Record<string, unknown> {
    this.host.forgetActivations();
    return daprConfigDocument(this.options.runtime, this.host.actorTypes());
  }
}

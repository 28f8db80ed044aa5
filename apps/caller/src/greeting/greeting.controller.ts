import { Controller, Get, Param } from '@nestjs/common';
import { CalleeClient } from '../invocation/callee.client';
import { GreetingParams } from '@daca/greeting';

@Controller('call-greet')
export class GreetingController {
  constructor(private readonly callee: CalleeClient) {}

  @Get(':name')
  callGreet(@Param() { name }: GreetingParams): Promise<unknown> {
    return this.callee.greet(name);
  }
}

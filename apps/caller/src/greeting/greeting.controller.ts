import { Controller, Get, HttpStatus, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Greeting, GreetingParams } from '@daca/greeting';
import { ApiErrorAnswers } from '@daca/service';
import { CalleeClient } from '../invocation/callee.client';
import { INVOCATION_ERRORS } from '../invocation/api-invocation-errors';

@ApiTags('greeting')
@Controller('call-greet')
export class GreetingController {
  constructor(private readonly callee: CalleeClient) {}

  @Get(':name')
  @ApiOperation({ summary: "callee's greeting of name, by Dapr service invocation with retries" })
  @ApiOkResponse({ type: Greeting })
  @ApiErrorAnswers([HttpStatus.BAD_REQUEST, 'A name that breaks the rule'], ...INVOCATION_ERRORS)
  callGreet(@Param() { name }: GreetingParams): Promise<unknown> {
    return this.callee.greet(name);
  }
}

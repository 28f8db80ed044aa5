import { Controller, Get, HttpStatus, Param, Res } from '@nestjs/common';
import {
  ApiDefaultResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Greeting, GreetingParams } from '@daca/greeting';
import { ApiErrorAnswers, ErrorAnswer } from '@daca/service';
import { GreetingService, type GreetingAnswer } from './greeting.service';
import { SimulatedFailureBody } from './simulated-failure-body';

@ApiTags('greeting')
@ApiExtraModels(SimulatedFailureBody)
@Controller('greet')
export class GreetingController {
  constructor(private readonly greetings: GreetingService) {}

  /** The lab's wire contract: a simulated failure answers its status with a body `{"detail": ...}`. */
  @Get(':name')
  @ApiOperation({ summary: 'Greets name' })
  @ApiOkResponse({ type: Greeting })
  @ApiErrorAnswers([HttpStatus.BAD_REQUEST, 'A name that breaks the rule'])
  @ApiDefaultResponse({
    description: 'Any other error, or a simulated failure (SIMULATE_FAILURE) with its FAILURE_STATUS_CODE',
    schema: { oneOf: [{ $ref: getSchemaPath(ErrorAnswer) }, { $ref: getSchemaPath(SimulatedFailureBody) }] },
  })
  async greet(
    @Param() { name }: GreetingParams,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<GreetingAnswer['body']> {
    const answer = await this.greetings.greet(name);
    response.status(answer.status);
    return answer.body;
  }
}

import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { GreetingParams } from '@daca/greeting';
import { GreetingService, type GreetingAnswer } from './greeting.service';

@Controller('greet')
export class GreetingController {
  constructor(private readonly greetings: GreetingService) {}

  /** The lab's wire contract: a simulated failure answers its status with a body `{"detail": ...}`. */
  @Get(':name')
  async greet(
    @Param() { name }: GreetingParams,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<GreetingAnswer['body']> {
    const answer = await this.greetings.greet(name);
    response.status(answer.status);
    return answer.body;
  }
}

import { Controller, Get, HttpStatus, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { FailureSimulator } from './failure-simulator';

@Controller('greet')
export class GreetingController {
  constructor(private readonly failures: FailureSimulator) {}

  @Get(':name')
  greet(@Param('name') name: string, @Res({ passthrough: true }) response: Response): object {
    const attempt = this.failures.nextFailure();
    if (attempt === undefined) return { message: `Hello, ${name} from callee-app!` };
    // The lab's wire contract for a simulated failure: a 500 whose body is `{"detail": ...}`.
    response.status(HttpStatus.INTERNAL_SERVER_ERROR);
    return { detail: `Simulated temporary error from callee-service (attempt ${attempt})` };
  }
}

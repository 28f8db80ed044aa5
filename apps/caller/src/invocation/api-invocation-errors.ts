import { HttpStatus } from '@nestjs/common';
import type { ErrorCase } from '@daca/service';

/** What a route answers when the app it calls through Dapr service invocation fails (InvocationFailedException). */
export const INVOCATION_ERRORS: ErrorCase[] = [
  [HttpStatus.BAD_GATEWAY, 'The called app answered an error, or could not be reached'],
  [HttpStatus.GATEWAY_TIMEOUT, 'The called app gave no answer in time'],
];

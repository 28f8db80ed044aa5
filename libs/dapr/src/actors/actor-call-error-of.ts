import { HttpException, HttpStatus } from '@nestjs/common';
import { ActorCallError } from './actor-errors';

/** What an actor's failure becomes on the wire: its own ActorCallError, an HttpException's status, or a 500. */
export function actorCallErrorOf(exception: unknown): ActorCallError {
  if (exception instanceof ActorCallError) return exception;
  if (exception instanceof HttpException) {
    return new ActorCallError(exception.message, exception.getStatus(), exception.name);
  }
  const error = exception instanceof Error ? exception : new Error(String(exception));
  return new ActorCallError(error.message, HttpStatus.INTERNAL_SERVER_ERROR, error.name);
}

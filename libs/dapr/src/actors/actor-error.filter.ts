import { Catch, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ACTOR_ERROR_HEADER } from './actor-client';
import { actorCallErrorOf } from './actor-call-error-of';

/**
 * Answers daprd's actor callbacks that failed the way daprd forwards to the caller intact: status 200
 * with its error marker header and the error's name, message and HTTP status in the body. (A non-200
 * status would reach the caller as a generic 500 without the message.)
 */
@Catch()
export class ActorErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ActorErrorFilter.name);

  // Through Nest's adapter, not a framework's response: the app may run on Express or Fastify.
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = actorCallErrorOf(exception);
    if (error.getStatus() >= 500) this.logger.error({ err: exception }, `actor call failed: ${error.message}`);
    const response: unknown = host.switchToHttp().getResponse();
    const http = this.adapterHost.httpAdapter;
    http.setHeader(response, ACTOR_ERROR_HEADER, 'true');
    http.reply(response, error.toBody(), HttpStatus.OK);
  }
}

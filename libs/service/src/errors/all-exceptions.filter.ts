import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { BODY_LIMIT } from '../body-limit';
import { correlationIdOf, sendError, type ErrorBody } from './error-answer';

/** An error raised by Express's body parser before any route ran (http-errors: status and expose). */
interface BodyParserError {
  type: string;
  status: number;
  expose: boolean;
  message: string;
}

function isBodyParserError(exception: unknown): exception is BodyParserError {
  const candidate = exception as Partial<BodyParserError> | null;
  return typeof candidate?.type === 'string' && typeof candidate.status === 'number' && candidate.expose === true;
}

/**
 * The body parser's error, raw or as Nest 12's Express adapter wraps it: a plain HttpException caused by
 * it. (Bad JSON comes as a BadRequestException with the parser's message, as before: answered as such.)
 */
function bodyParserErrorOf(exception: unknown): BodyParserError | undefined {
  if (isBodyParserError(exception)) return exception;
  const wrapped = exception instanceof HttpException && exception.constructor === HttpException;
  return wrapped && isBodyParserError(exception.cause) ? exception.cause : undefined;
}

/**
 * One shape for every error answer, with the request's correlation id. Client errors are answered
 * with their reason; anything else is logged with its stack and answered as a 500 without internals.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: unknown }>();
    const response = http.getResponse<Response>();
    const correlationId = correlationIdOf(request);
    const body = this.toBody(exception, correlationId);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, correlationId }, `${request.method} ${request.url} failed: ${body.message}`);
    }
    sendError(response, body);
  }

  private toBody(exception: unknown, correlationId: string): ErrorBody {
    const bodyParserError = bodyParserErrorOf(exception);
    if (bodyParserError) {
      const message =
        bodyParserError.type === 'entity.too.large'
          ? `request body larger than ${BODY_LIMIT}`
          : bodyParserError.message;
      return {
        statusCode: bodyParserError.status,
        error: STATUS_CODES[bodyParserError.status] ?? 'Bad Request',
        message,
        correlationId,
      };
    }
    if (!(exception instanceof HttpException)) {
      return {
        statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
        error: 'Internal Server Error',
        message: `unexpected error; quote correlation id ${correlationId} when reporting it`,
        correlationId,
      };
    }
    const statusCode = exception.getStatus();
    const answer = exception.getResponse();
    const fields: Record<string, unknown> = typeof answer === 'string' ? { message: answer } : { ...answer };
    const message = Array.isArray(fields.message)
      ? fields.message.join('; ')
      : typeof fields.message === 'string'
        ? fields.message
        : exception.message;
    const error = typeof fields.error === 'string' ? fields.error : (STATUS_CODES[statusCode] ?? exception.name);
    return { ...fields, statusCode, error, message, correlationId };
  }
}

import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { BODY_LIMIT } from '../body-limit';
import { correlationIdOf, sendError, type AnyResponse, type ErrorBody } from './error-answer';

// Fastify's own messages, where they do not say enough.
const PARSE_ERROR_REASONS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: `request body larger than ${BODY_LIMIT}`,
  // Fastify's parser refuses __proto__ and constructor.prototype keys (prototype poisoning) the same way.
  FST_ERR_CTP_INVALID_JSON_BODY:
    'body is not valid JSON, or has a __proto__ or constructor.prototype key: send a plain JSON document',
};

/** An error of Fastify's body parsing, raised before any route ran: a client error with its code. */
interface BodyParseError {
  code: string;
  statusCode: number;
  message: string;
}

function isBodyParseError(exception: unknown): exception is BodyParseError {
  const candidate = exception as Partial<BodyParseError> | null;
  return candidate?.code?.startsWith('FST_ERR_CTP_') === true && typeof candidate.statusCode === 'number';
}

/** Fastify's body parsing error, raw or as Nest's Fastify adapter wraps it: a plain HttpException caused by it. */
function bodyParseErrorOf(exception: unknown): BodyParseError | undefined {
  if (isBodyParseError(exception)) return exception;
  const wrapped = exception instanceof HttpException && exception.constructor === HttpException;
  return wrapped && isBodyParseError(exception.cause) ? exception.cause : undefined;
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
    const request = http.getRequest<FastifyRequest>();
    const response = http.getResponse<AnyResponse>();
    const correlationId = correlationIdOf(request.raw);
    const body = this.toBody(exception, correlationId);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, correlationId }, `${request.method} ${request.url} failed: ${body.message}`);
    }
    sendError(response, body);
  }

  private toBody(exception: unknown, correlationId: string): ErrorBody {
    const parseError = bodyParseErrorOf(exception);
    if (parseError) {
      const message = PARSE_ERROR_REASONS[parseError.code] ?? parseError.message;
      return {
        statusCode: parseError.statusCode,
        error: STATUS_CODES[parseError.statusCode] ?? 'Bad Request',
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

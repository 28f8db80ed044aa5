import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';

/** The body of every error answer. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  correlationId: string;
  /** Further fields the exception was raised with, such as an upstream status. */
  [detail: string]: unknown;
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
    const correlationId = typeof request.id === 'string' ? request.id : '';
    const body = this.toBody(exception, correlationId);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, correlationId }, `${request.method} ${request.url} failed: ${body.message}`);
    }
    response.status(body.statusCode).setHeader('x-correlation-id', correlationId).json(body);
  }

  private toBody(exception: unknown, correlationId: string): ErrorBody {
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
    const error = typeof fields.error === 'string' ? fields.error : exception.name;
    return { ...fields, statusCode, error, message, correlationId };
  }
}

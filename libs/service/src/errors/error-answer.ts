import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';

/** The body of every error answer. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  correlationId: string;
  /** When to try again, for an answer that refused the request for now; also sent as Retry-After. */
  retryAfterSeconds?: number;
  /** Further fields the exception was raised with, such as an upstream status. */
  [detail: string]: unknown;
}

/**
 * The request's correlation id: the logger's request id, else the caller's x-correlation-id, else a
 * new one (errors of the body parser and shed requests come before the logger has given one).
 */
export function correlationIdOf(request: Request & { id?: unknown }): string {
  const given = request.headers['x-correlation-id'];
  return typeof request.id === 'string' ? request.id : typeof given === 'string' && given ? given : randomUUID();
}

/** Answers with `body`, its correlation id in x-correlation-id and its retry delay in Retry-After. */
export function sendError(response: Response, body: ErrorBody): void {
  if (body.retryAfterSeconds !== undefined) response.setHeader('retry-after', String(body.retryAfterSeconds));
  response.status(body.statusCode).setHeader('x-correlation-id', body.correlationId).json(body);
}

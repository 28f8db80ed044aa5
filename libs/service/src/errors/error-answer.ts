import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

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
export function correlationIdOf(request: IncomingMessage & { id?: unknown }): string {
  const given = request.headers['x-correlation-id'];
  return typeof request.id === 'string' ? request.id : typeof given === 'string' && given ? given : randomUUID();
}

/**
 * Answers with `body`, its correlation id in x-correlation-id and its retry delay in Retry-After.
 * Node's own writeHead and end, not Express's json(): no ETag hashing of an error body, which adds up
 * when thousands of requests are refused at once.
 */
export function sendError(response: ServerResponse, body: ErrorBody): void {
  const headers: OutgoingHttpHeaders = {
    'content-type': 'application/json; charset=utf-8',
    'x-correlation-id': body.correlationId,
  };
  if (body.retryAfterSeconds !== undefined) headers['retry-after'] = String(body.retryAfterSeconds);
  response.writeHead(body.statusCode, headers).end(JSON.stringify(body));
}

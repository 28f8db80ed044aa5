import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { CORRELATION_ID_HEADER } from '@daca/dapr';

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
  const given = request.headers[CORRELATION_ID_HEADER];
  return typeof request.id === 'string' ? request.id : typeof given === 'string' && given ? given : randomUUID();
}

/** A response as Node gives it, or as Fastify wraps it for a route. */
export type AnyResponse = ServerResponse | { raw: ServerResponse; hijack(): unknown };

/** Node's response under `response`; for Fastify's reply, taken over from Fastify. */
export function nodeResponse(response: AnyResponse): ServerResponse {
  if (!('raw' in response)) return response;
  response.hijack();
  return response.raw;
}

/**
 * Answers with `body`, its correlation id in x-correlation-id and its retry delay in Retry-After,
 * written with Node's own writeHead and end: it serves the door (before any framework) and the
 * exception filters alike.
 */
export function sendError(target: AnyResponse, body: ErrorBody): void {
  const response = nodeResponse(target);
  const headers: OutgoingHttpHeaders = {
    'content-type': 'application/json; charset=utf-8',
    [CORRELATION_ID_HEADER]: body.correlationId,
  };
  if (body.retryAfterSeconds !== undefined) headers['retry-after'] = String(body.retryAfterSeconds);
  response.writeHead(body.statusCode, headers).end(JSON.stringify(body));
}

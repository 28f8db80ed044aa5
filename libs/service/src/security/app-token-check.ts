import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isSidecarCallback } from '@daca/dapr';
import { sendError } from '../errors/error-answer';

const TOKEN_HEADER = 'dapr-api-token';

// Digests have one length, which timingSafeEqual needs; comparing them takes as long for any token.
const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

/**
 * Refuses daprd's routes (actor turns, reminders, timers, deactivations, event deliveries,
 * /dapr/config and /dapr/subscribe) with 401 unless the request carries the app token, as daprd's
 * calls do when daprd has APP_API_TOKEN. Checked when the request arrives, before its body is read;
 * the REST API, /health and /metrics stay open. The route Fastify matched decides, not the raw URL,
 * so an encoded path such as /%61ctors/... is checked like the route it reaches.
 */
export function requireAppToken(fastify: FastifyInstance, token: string): void {
  const expected = digest(token);
  const carriesToken = (request: FastifyRequest): boolean => {
    const given = request.headers[TOKEN_HEADER];
    return typeof given === 'string' && timingSafeEqual(digest(given), expected);
  };
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!isSidecarCallback(request.routeOptions.url ?? request.url) || carriesToken(request)) return done();
    sendError(reply, {
      statusCode: HttpStatus.UNAUTHORIZED,
      error: 'Unauthorized',
      message: `only daprd calls this route: send the app token (daprd's APP_API_TOKEN) in the ${TOKEN_HEADER} header`,
      correlationId: request.id,
    });
  });
}

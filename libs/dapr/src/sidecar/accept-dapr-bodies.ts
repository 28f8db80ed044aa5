import type { INestApplication } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { isSidecarCallback } from './sidecar-callback';

/** The content type of daprd's deliveries (unless a subscription asks for raw payloads). */
const CLOUD_EVENTS = 'application/cloudevents+json';

type ParserDone = (error: Error | null, body?: unknown) => void;
type FastifyBodyParser = (request: unknown, body: string, done: ParserDone) => void;

/** What this needs of Nest's Express application, typed here: the package does not depend on a platform. */
interface ExpressBodyParsers {
  useBodyParser(parser: 'json', options: { type: string[]; strict: boolean }): unknown;
}

/** What this needs of a Fastify instance. */
interface FastifyParsers {
  addHook(
    hook: 'onRequest',
    run: (request: { url: string; headers: IncomingHttpHeaders }, reply: unknown, done: () => void) => void,
  ): void;
  hasContentTypeParser(contentType: string): boolean;
  addContentTypeParser(contentType: string, options: { parseAs: 'string' }, parser: FastifyBodyParser): void;
  getDefaultJsonParser(onProtoPoisoning: 'error', onConstructorPoisoning: 'error'): FastifyBodyParser;
}

/**
 * Makes the app's HTTP server parse what daprd sends it, which neither Express nor Fastify does by
 * default: events come as application/cloudevents+json (unparsed, the delivery route sees no event
 * and drops it), and an actor method's argument may be any JSON value, such as a string, which
 * Express's strict JSON parser refuses; daprd calls a method without argument with an empty body
 * typed application/json, and deactivates an actor with an empty application/x-protobuf one, which
 * Fastify refuses to parse. Call it before the app initialises.
 */
export function acceptDaprBodies(app: INestApplication): void {
  const adapter = app.getHttpAdapter();
  if (adapter.getType() === 'express') {
    // One JSON parser of both types: Nest adds its default JSON parser only while no middleware of
    // that name is there, so a parser of CloudEvents alone would leave plain JSON bodies unparsed.
    (app as unknown as ExpressBodyParsers).useBodyParser('json', {
      type: ['application/json', CLOUD_EVENTS],
      strict: false,
    });
    return;
  }
  if (adapter.getType() === 'fastify') {
    const fastify = adapter.getInstance() as FastifyParsers;
    // Fastify parses no body it is not told the type of.
    fastify.addHook('onRequest', (request, _reply, done) => {
      const { 'content-length': length = '0', 'transfer-encoding': chunked } = request.headers;
      if (length === '0' && chunked === undefined && isSidecarCallback(request.url)) {
        delete request.headers['content-type'];
      }
      done();
    });
    if (fastify.hasContentTypeParser(CLOUD_EVENTS)) return;
    fastify.addContentTypeParser(CLOUD_EVENTS, { parseAs: 'string' }, fastify.getDefaultJsonParser('error', 'error'));
  }
}

import { randomUUID } from 'node:crypto';
import { BadRequestException, HttpStatus, UnsupportedMediaTypeException } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyBodyParser, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { CORRELATION_ID_HEADER, RequestContext } from '@daca/dapr';
import { BODY_LIMIT_BYTES } from '../body-limit';
import { sendError } from '../errors/error-answer';
import { nameServerSpan } from '../tracing/name-server-span';
import { answerClientError } from './client-error';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';
import { SERVER_TIMEOUTS } from './server-timeouts';

// Fastify answers a longer path parameter 414 before any route runs; ours validate their own length
// and say what is allowed, so let them see it. (Node still caps a request head at 16 KiB.)
const MAX_PARAM_LENGTH = 8_192;
// JSON bodies, and daprd's pub/sub deliveries as application/cloudevents+json.
const JSON_TYPES = ['application/json', /^application\/[^;]+\+json/i];

/**
 * The HTTP layer of every service: Fastify, measured at a third less CPU per request than Express in
 * chat-agent (see the README's benchmark section). Every request gets one correlation id, the caller's
 * x-correlation-id or a new one: Fastify's request id, which the logger and the error answers use,
 * echoed in the response. Traced, the request's span is named after its route. Its timeouts are
 * SERVER_TIMEOUTS', each with its reason.
 */
export function createHttpAdapter(): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    requestIdHeader: CORRELATION_ID_HEADER,
    genReqId: () => randomUUID(),
    http: {
      headersTimeout: SERVER_TIMEOUTS.headersTimeoutMs,
      connectionsCheckingInterval: SERVER_TIMEOUTS.checkIntervalMs,
    },
    requestTimeout: SERVER_TIMEOUTS.requestTimeoutMs,
    keepAliveTimeout: SERVER_TIMEOUTS.keepAliveTimeoutMs,
    connectionTimeout: SERVER_TIMEOUTS.connectionTimeoutMs,
    clientErrorHandler: answerClientError,
    // A path that is not valid percent-encoding, refused by Fastify's router before any hook.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      sendError(reply, {
        statusCode: HttpStatus.BAD_REQUEST,
        error: 'Bad Request',
        message: `${error.message}: percent-encode the path as UTF-8`,
        correlationId: request.id,
      }),
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.raw.setHeader(CORRELATION_ID_HEADER, request.id);
    nameServerSpan(request.method, request.routeOptions.url);
    done();
  });
  // After the body is parsed, Fastify calls the route's handler within done(): the handler and all it
  // awaits run in the request's context, whose correlation id (and trace) every sidecar call carries.
  fastify.addHook('preHandler', (request, _reply, done) => {
    const traceparent = request.headers.traceparent;
    RequestContext.run(
      { correlationId: request.id, traceparent: typeof traceparent === 'string' ? traceparent : undefined },
      done,
    );
  });
  const json = fastify.getDefaultJsonParser('error', 'error');
  // daprd calls actor methods without input with an empty body typed application/json.
  const jsonOrNothing: FastifyBodyParser<string> = (request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
      return done(
        new BadRequestException(`JSON body nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`),
      );
    }
    return json(request, body, done);
  };
  // Fastify parses text/plain by default, which would hand a route a string where it expects an object.
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  for (const type of JSON_TYPES) fastify.addContentTypeParser(type, { parseAs: 'string' }, jsonOrNothing);
  // daprd deactivates an actor with an empty body typed application/x-protobuf: any type goes when
  // there is nothing to parse.
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body: Buffer, done) =>
    body.length === 0
      ? done(null, undefined)
      : done(
          new UnsupportedMediaTypeException(
            `a body of type ${request.headers['content-type'] ?? '(none)'} is not accepted here: send application/json`,
          ),
        ),
  );
  return adapter;
}

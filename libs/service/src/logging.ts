import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { ServiceConfig } from '@daca/config';
import { isSidecarCallback } from '@daca/dapr';
import type { Params } from 'nestjs-pino';
import { destination } from 'pino';
import { traceLogFields } from './tracing/trace-log-fields';

// The middleware runner rewrites url relative to where the logger is mounted; originalUrl keeps it.
function pathOf(request: IncomingMessage & { originalUrl?: string }): string {
  return request.originalUrl ?? request.url ?? '';
}

// daprd's actor callbacks name the actor in the path: /actors/{type}/{id}/...
function actorOf(request: IncomingMessage): { actorType: string; actorId: string } | undefined {
  const match = /^\/actors\/([^/?]+)\/([^/?]+)/.exec(pathOf(request));
  return match ? { actorType: decodeURIComponent(match[1]), actorId: decodeURIComponent(match[2]) } : undefined;
}

/**
 * Structured JSON logs; each request carries a correlation id (x-correlation-id, or a new one), and,
 * traced, each line the trace_id and span_id of the active span. A request is logged when answered: at
 * info, or error for a 5xx; daprd's callbacks (actor turns, event deliveries) that succeed at debug —
 * three of the four lines a chat message costs otherwise, while every line logged within a turn names
 * its actor.
 */
export function loggerParams(service: ServiceConfig): Params {
  return {
    pinoHttp: [
      {
        name: service.appId,
        level: service.logLevel,
        mixin: traceLogFields,
        customProps: (request) => actorOf(request) ?? {},
        customLogLevel: (request, response, error) => {
          if (error || response.statusCode >= 500) return 'error';
          return response.statusCode < 400 && isSidecarCallback(pathOf(request)) ? 'debug' : 'info';
        },
        autoLogging: { ignore: (request) => pathOf(request).startsWith('/health') || pathOf(request) === '/metrics' },
        // Every line logged within a request carries its headers: daprd's callbacks hold APP_API_TOKEN.
        redact: { paths: ['req.headers["dapr-api-token"]', 'req.headers.authorization'], censor: '[redacted]' },
      },
      // Written off the request path (pino flushes it on exit): synchronous writes to a pipe cost
      // a sixth of chat-agent's throughput under load.
      destination({ dest: 1, sync: false }),
    ],
    // Every route, its wildcard named `path` as before nestjs-pino 5 (whose default names it `splat`):
    // request lines log it under req.params.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  };
}

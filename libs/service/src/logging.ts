import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { ServiceConfig } from '@daca/config';
import type { Params } from 'nestjs-pino';
import { destination } from 'pino';
import { traceLogFields } from './tracing/trace-log-fields';

// daprd's actor callbacks name the actor in the path: /actors/{type}/{id}/...
// (originalUrl: the middleware runner rewrites url relative to where the logger is mounted.)
function actorOf(
  request: IncomingMessage & { originalUrl?: string },
): { actorType: string; actorId: string } | undefined {
  const match = /^\/actors\/([^/?]+)\/([^/?]+)/.exec(request.originalUrl ?? request.url ?? '');
  return match ? { actorType: decodeURIComponent(match[1]), actorId: decodeURIComponent(match[2]) } : undefined;
}

/**
 * Structured JSON logs; each request carries a correlation id (x-correlation-id, or a new one), and,
 * traced, each line the trace_id and span_id of the active span.
 */
export function loggerParams(service: ServiceConfig): Params {
  return {
    pinoHttp: [
      {
        name: service.appId,
        level: service.logLevel,
        mixin: traceLogFields,
        customProps: (request) => actorOf(request) ?? {},
        autoLogging: { ignore: (request) => request.url?.startsWith('/health') === true || request.url === '/metrics' },
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

import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { CORRELATION_ID_HEADER, RequestContext } from './request-context';

/** What the interceptor reads of a request, under Fastify or Express. */
interface InboundRequest {
  /** The request id that Fastify (or pino-http under Express) gave it, from x-correlation-id when sent. */
  id?: unknown;
  headers: Record<string, string | string[] | undefined>;
}

const header = (request: InboundRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
};

/**
 * Serves every HTTP request (REST, actor callbacks, event deliveries) within a RequestContext, so that
 * the sidecar calls made on its behalf carry its correlation id. Nest binds the handler to the async
 * context in which `next.handle()` is called, so the context reaches the handler and all it awaits.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<InboundRequest>();
    const correlationId = typeof request.id === 'string' ? request.id : header(request, CORRELATION_ID_HEADER);
    return RequestContext.run({ correlationId, traceparent: header(request, 'traceparent') }, () => next.handle());
  }
}

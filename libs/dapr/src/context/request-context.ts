import { AsyncLocalStorage } from 'node:async_hooks';

/** The header that carries a request's correlation id from hop to hop. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** What the request being served passes on to every sidecar call made on its behalf. */
export interface RequestContextData {
  /** One per request across every app it reaches, logged by each (their request id). */
  correlationId?: string;
  /** The W3C trace context it came with: forwarded as is when no OpenTelemetry SDK propagates one. */
  traceparent?: string;
}

const storage = new AsyncLocalStorage<RequestContextData>();

/**
 * The request (or the job, or the outbox event) being served, available across every await within it.
 * The HTTP layer runs each request's handler in one (libs/service does, in a Fastify preHandler hook,
 * once the body is parsed: the handler is called within it); an app on another HTTP layer wraps its
 * handlers in `RequestContext.run` for the same.
 */
export const RequestContext = {
  run<T>(data: RequestContextData, work: () => T): T {
    return storage.run(data, work);
  },
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
};

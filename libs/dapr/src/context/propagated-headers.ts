import { context, trace } from '@opentelemetry/api';
import { CORRELATION_ID_HEADER, RequestContext } from './request-context';

/**
 * The headers a sidecar call carries for the request it is made for: its correlation id, and its trace
 * context unless an OpenTelemetry span is active, in which case the SDK's undici instrumentation sends
 * the context of the call's own span (sending both would duplicate the header).
 */
export function propagatedHeaders(): Record<string, string> {
  const request = RequestContext.current();
  if (!request) return {};
  const headers: Record<string, string> = {};
  if (request.correlationId) headers[CORRELATION_ID_HEADER] = request.correlationId;
  if (request.traceparent && !trace.getSpanContext(context.active())) headers.traceparent = request.traceparent;
  return headers;
}

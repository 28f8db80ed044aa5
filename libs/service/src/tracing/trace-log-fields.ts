import { context, trace } from '@opentelemetry/api';

/** The ids of the active span, which every log line carries so that it leads to its trace (and back). */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpanContext(context.active());
  return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
}

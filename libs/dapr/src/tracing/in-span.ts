import { SpanStatusCode, trace, type Attributes, type SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('@daca/dapr');

/**
 * Runs work as the active span `name`, ended when it settles, marked as an error when it fails.
 * Without an OpenTelemetry SDK the tracer is the API's no-op one: the span costs a few allocations.
 */
export function inSpan<T>(name: string, kind: SpanKind, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

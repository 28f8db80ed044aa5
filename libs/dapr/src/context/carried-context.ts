import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { RequestContext } from './request-context';
import { inSpan } from '../tracing/in-span';

/** What work done later (a queued job, an event kept in the outbox) keeps of the request that asked for it. */
export interface CarriedContext {
  correlationId?: string;
  /** The trace context of the active span when the work was asked for (else the request's own). */
  traceparent?: string;
}

/** The current request's context, to store with work that runs later. */
export function carryContext(): CarriedContext {
  const request = RequestContext.current();
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return { correlationId: request?.correlationId, traceparent: carrier.traceparent ?? request?.traceparent };
}

/**
 * Runs work stored earlier within the context it carries: its sidecar calls carry the correlation id
 * of the request that asked for it, and, traced, it is a span `spanName` in that request's trace.
 */
export function resumeContext<T>(carried: CarriedContext, spanName: string, work: () => Promise<T>): Promise<T> {
  const { correlationId, traceparent } = carried;
  const parent = traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
  return RequestContext.run({ correlationId, traceparent }, () =>
    context.with(parent, () => (trace.getSpanContext(parent) ? inSpan(spanName, SpanKind.CONSUMER, {}, work) : work())),
  );
}

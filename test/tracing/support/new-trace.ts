import { randomBytes } from 'node:crypto';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** A new W3C trace context, sampled, as a client that traces its own request would send it. */
export function newTrace(): { traceId: string; traceparent: string } {
  const traceId = hex(16);
  return { traceId, traceparent: `00-${traceId}-${hex(8)}-01` };
}

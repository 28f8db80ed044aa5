import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

/** Why a call through Dapr service invocation failed. */
export type InvocationFailure =
  | 'upstream-error' // the app answered outside 2xx (after the sidecar's retries, when it retries that status)
  | 'timeout' // no answer in time: the sidecar's per-attempt timeout on every attempt, or the caller's deadline
  | 'circuit-open' // the sidecar's circuit breaker for the app is open: it was not called
  | 'unreachable'; // the sidecar could not deliver the call, or could not be reached itself

const STATUS: Record<InvocationFailure, HttpStatus> = {
  'upstream-error': HttpStatus.BAD_GATEWAY,
  timeout: HttpStatus.GATEWAY_TIMEOUT,
  'circuit-open': HttpStatus.SERVICE_UNAVAILABLE,
  unreachable: HttpStatus.BAD_GATEWAY,
};

/** What is known of the upstream's side of a failure. */
export interface UpstreamDetails {
  /** The status the app answered, when it answered. */
  upstreamStatus?: number;
  upstreamDetail?: string;
  /** When calling again can help: an open circuit breaker's timeout. */
  retryAfterMs?: number;
}

/** A failed service invocation, answered as 502, 503 or 504 with the upstream's status and detail. */
export class InvocationFailedException extends HttpException {
  constructor(
    readonly failure: InvocationFailure,
    readonly appId: string,
    message: string,
    readonly details: UpstreamDetails = {},
  ) {
    const status = STATUS[failure];
    const { upstreamStatus, upstreamDetail } = details;
    super(
      {
        error: STATUS_CODES[status],
        message,
        upstream: appId,
        ...(upstreamStatus !== undefined && { upstreamStatus, upstreamDetail }),
      },
      status,
    );
  }
}

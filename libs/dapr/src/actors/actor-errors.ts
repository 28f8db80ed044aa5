import { HttpException, HttpStatus } from '@nestjs/common';

/** The wire form of an actor failure, sent to daprd with the X-Daprerrorresponseheader marker. */
export interface ActorErrorBody {
  error: { name: string; message: string; statusCode: number };
}

/**
 * A failure of an actor call, with the HTTP status a REST route answers with (it is an HttpException,
 * so the service's exception filter answers it as is).
 */
export class ActorCallError extends HttpException {
  constructor(
    message: string,
    statusCode: number,
    /** The name of the error the actor threw, or of what went wrong on the way. */
    readonly errorName = 'ActorCallError',
    /** Further fields of the error answer, e.g. `retryAfterSeconds`. */
    details: Record<string, unknown> = {},
  ) {
    super({ ...details, message, error: errorName }, statusCode);
    this.name = 'ActorCallError';
  }

  toBody(): ActorErrorBody {
    return { error: { name: this.errorName, message: this.message, statusCode: this.getStatus() } };
  }
}

export class ActorNotFoundError extends ActorCallError {
  constructor(what: string) {
    super(what, HttpStatus.NOT_FOUND, 'ActorNotFound');
  }
}

export class ActorCallTimeoutError extends ActorCallError {
  constructor(target: string, timeoutMs: number) {
    super(
      `${target} did not answer within ${timeoutMs} ms; if this call chain re-enters an actor, enable reentrancy for its type`,
      HttpStatus.GATEWAY_TIMEOUT,
      'ActorCallTimeout',
    );
  }
}

export class ActorStackDepthError extends ActorCallError {
  constructor(target: string, maxStackDepth: number) {
    super(
      `${target} refused: the call chain is deeper than reentrancy.maxStackDepth (${maxStackDepth}); ` +
        'make the chain shallower or raise the limit',
      HttpStatus.LOOP_DETECTED,
      'ActorStackDepthExceeded',
    );
  }
}

/**
 * Refused at once: the actor's mailbox in this app already holds its limit of waiting calls. Nothing
 * was sent, so nothing was done; the call may be repeated after `retryAfterSeconds`.
 */
export class ActorOverloadedError extends ActorCallError {
  constructor(
    target: string,
    maxQueuedCalls: number,
    readonly retryAfterSeconds: number,
  ) {
    super(
      `${target} is busy: ${maxQueuedCalls} calls are already waiting for its turn (its maxQueuedCalls); ` +
        `nothing was done, try again in ${retryAfterSeconds} s`,
      HttpStatus.TOO_MANY_REQUESTS,
      'ActorOverloaded',
      { retryAfterSeconds },
    );
  }
}

/**
 * Refused by daprd without reaching the actor: the actor's circuit breaker (the `actors` target of
 * resiliency.yaml) opened after repeated failures, and lets calls through again after its timeout.
 */
export class ActorCircuitOpenError extends ActorCallError {
  constructor(target: string) {
    super(
      `${target} refused: the actor's circuit breaker is open after repeated failures ` +
        "(its circuitBreaker in resiliency.yaml's actors target); try again after the breaker's timeout",
      HttpStatus.SERVICE_UNAVAILABLE,
      'ActorCircuitOpen',
    );
  }
}

import { Injectable } from '@nestjs/common';

/** A state operation failed on purpose, to exercise the retry policy. */
export class InjectedStateFault extends Error {
  constructor(operation: string, remaining: number) {
    super(`injected fault in state ${operation} (${remaining} more to come)`);
    this.name = 'InjectedStateFault';
  }
}

/** Fails the next N actor state operations, for tests and demos of fault tolerance. */
@Injectable()
export class StateFaultInjector {
  private remaining = 0;

  failNext(count: number): void {
    this.remaining = count;
  }

  pending(): number {
    return this.remaining;
  }

  /** Throws when a fault is due for this operation. */
  check(operation: string): void {
    if (this.remaining === 0) return;
    this.remaining -= 1;
    throw new InjectedStateFault(operation, this.remaining);
  }
}

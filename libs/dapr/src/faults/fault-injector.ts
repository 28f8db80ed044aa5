/** An operation failed on purpose, to exercise a retry or redelivery path. */
export class InjectedFault extends Error {
  constructor(what: string, remaining: number) {
    super(`injected fault in ${what} (${remaining} more to come)`);
    this.name = 'InjectedFault';
  }
}

/** Fails the next N operations of one kind, for tests and demos of fault tolerance. */
export abstract class FaultInjector {
  private remaining = 0;

  failNext(count: number): void {
    this.remaining = count;
  }

  pending(): number {
    return this.remaining;
  }

  /** Throws when a fault is due for this operation. */
  check(what: string): void {
    if (this.remaining === 0) return;
    this.remaining -= 1;
    throw new InjectedFault(what, this.remaining);
  }
}

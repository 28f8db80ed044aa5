/**
 * A test hook that fails an operation on purpose before it runs (DaprFaultsModule provides them).
 * Production code asks for it optionally: without DaprFaultsModule there is none, and nothing to check.
 */
export interface FaultHook {
  /** Throws when a fault is due for this operation. */
  check(what: string): void;
}

/** The hook on actor state operations. */
export const STATE_FAULTS = Symbol('daca:state-faults');
/** The hook on deliveries of events to the app's handlers. */
export const EVENT_FAULTS = Symbol('daca:event-faults');
/** The hook on the outbox's attempts to publish. */
export const PUBLISH_FAULTS = Symbol('daca:publish-faults');

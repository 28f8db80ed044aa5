import type { RetryPolicy } from '../retry/retry-policy';
import type { ActorRuntimeOptions } from './actor-runtime.options';

/** How this app hosts and calls actors: `DaprModuleOptions.actors`. */
export interface ActorsOptions {
  /** The actor runtime settings daprd reads from `GET /dapr/config`, and this app's call limits. */
  runtime: ActorRuntimeOptions;
  /** How actor state reads and writes are retried when the state store fails. */
  stateRetryPolicy: RetryPolicy;
  /** How long one state operation attempt may take before it counts as failed. */
  stateAttemptTimeoutMs: number;
}

/** Injection token of the ActorsOptions in force (the defaults when DaprModule is given none). */
export const ACTORS_OPTIONS = Symbol('daca:actors-options');

// Dapr's own defaults, and the limits of the labs' ChatAgent: what an app gets without `actors`.
export const DEFAULT_ACTORS_OPTIONS: ActorsOptions = {
  runtime: {
    actorIdleTimeoutMs: 3_600_000,
    actorScanIntervalMs: 30_000,
    // Not the labs' 60 s: placement kicks a daprd that takes longer than its 8 s to apply a new table, and
    // a turn that reads its state during that drain waits for the drain itself (README, Scale-out).
    drainOngoingCallTimeoutMs: 2_000,
    drainRebalancedActors: true,
    reentrancy: { enabled: true, maxStackDepth: 31 },
    entitiesConfig: [],
    callTimeoutMs: 60_000,
    maxQueuedCalls: 100,
  },
  stateRetryPolicy: { name: 'actorStateRetry', policy: 'constant', durationMs: 1_000, maxRetries: 2 },
  stateAttemptTimeoutMs: 2_000,
};

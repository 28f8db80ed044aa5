import { formatDuration } from '../duration';

export interface ReentrancyOptions {
  enabled: boolean;
  maxStackDepth: number;
}

/** Settings daprd applies to some actor types instead of the global ones (`entitiesConfig`). */
export interface ActorTypeOverride {
  entities: string[];
  actorIdleTimeoutMs?: number;
  drainOngoingCallTimeoutMs?: number;
  drainRebalancedActors?: boolean;
  reentrancy?: Partial<ReentrancyOptions>;
  /** This app's limit, not daprd's: see ActorRuntimeOptions.maxQueuedCalls. */
  maxQueuedCalls?: number;
}

/** The actor runtime configuration this app hands daprd on `GET /dapr/config`. */
export interface ActorRuntimeOptions {
  actorIdleTimeoutMs: number;
  actorScanIntervalMs: number;
  drainOngoingCallTimeoutMs: number;
  drainRebalancedActors: boolean;
  reentrancy: ReentrancyOptions;
  entitiesConfig: ActorTypeOverride[];
  /** How long an actor call made through ActorClient may take unless the caller says otherwise. */
  callTimeoutMs: number;
  /**
   * How many calls from outside any actor turn may wait in this app for one actor's turn; one more
   * is refused at once with ActorOverloadedError (see ActorTurnQueue).
   */
  maxQueuedCalls: number;
}

/** The settings daprd applies to `actorType`: its override merged over the global ones. */
export function settingsOf(
  options: ActorRuntimeOptions,
  actorType: string,
): Omit<ActorRuntimeOptions, 'entitiesConfig'> {
  const override = options.entitiesConfig.find((candidate) => candidate.entities.includes(actorType));
  return {
    ...options,
    actorIdleTimeoutMs: override?.actorIdleTimeoutMs ?? options.actorIdleTimeoutMs,
    drainOngoingCallTimeoutMs: override?.drainOngoingCallTimeoutMs ?? options.drainOngoingCallTimeoutMs,
    drainRebalancedActors: override?.drainRebalancedActors ?? options.drainRebalancedActors,
    maxQueuedCalls: override?.maxQueuedCalls ?? options.maxQueuedCalls,
    reentrancy: {
      enabled: override?.reentrancy?.enabled ?? options.reentrancy.enabled,
      maxStackDepth: override?.reentrancy?.maxStackDepth ?? options.reentrancy.maxStackDepth,
    },
  };
}

// daprd's own depth check sits one above the limit CallChainDepthGuard enforces (see there).
const forDaprd = (reentrancy: ReentrancyOptions): ReentrancyOptions => ({
  ...reentrancy,
  maxStackDepth: reentrancy.maxStackDepth + 1,
});

/**
 * The `/dapr/config` document. daprd replaces (not merges) the global settings with an entity's
 * override, so every override is written out complete.
 */
export function daprConfigDocument(options: ActorRuntimeOptions, entities: string[]): Record<string, unknown> {
  return {
    actorIdleTimeout: formatDuration(options.actorIdleTimeoutMs),
    actorScanInterval: formatDuration(options.actorScanIntervalMs),
    drainOngoingCallTimeout: formatDuration(options.drainOngoingCallTimeoutMs),
    drainRebalancedActors: options.drainRebalancedActors,
    reentrancy: forDaprd(options.reentrancy),
    entitiesConfig: options.entitiesConfig.map((override) => {
      const settings = settingsOf(options, override.entities[0]);
      return {
        entities: override.entities,
        actorIdleTimeout: formatDuration(settings.actorIdleTimeoutMs),
        drainOngoingCallTimeout: formatDuration(settings.drainOngoingCallTimeoutMs),
        drainRebalancedActors: settings.drainRebalancedActors,
        reentrancy: forDaprd(settings.reentrancy),
      };
    }),
    entities,
  };
}

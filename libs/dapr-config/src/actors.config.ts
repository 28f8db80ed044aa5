import { registerAs } from '@nestjs/config';
import { plainToInstance, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Min, ValidateNested, validateSync } from 'class-validator';
import { ConfigValidationError, EnvBoolean, IsDuration, validateEnv } from '@daca/config';
import { parseDuration, type ActorsOptions, type ActorTypeOverride } from '@daca/dapr';
import { configuredRetryPolicy } from '@daca/retry';

class ReentrancyOverride {
  @IsOptional() @IsBoolean() enabled?: boolean;
  @IsOptional() @IsInt() @Min(1) maxStackDepth?: number;
}

class EntityOverride {
  @IsString({ each: true }) entities!: string[];
  @IsOptional() @IsDuration() actorIdleTimeout?: string;
  @IsOptional() @IsDuration() drainOngoingCallTimeout?: string;
  @IsOptional() @IsBoolean() drainRebalancedActors?: boolean;
  @IsOptional() @ValidateNested() @Type(() => ReentrancyOverride) reentrancy?: ReentrancyOverride;
  @IsOptional() @IsInt() @Min(0) maxQueuedCalls?: number;
}

class ActorsEnv {
  @IsDuration() ACTOR_IDLE_TIMEOUT: string = '1h';
  @IsDuration() ACTOR_SCAN_INTERVAL: string = '30s';
  @IsDuration() ACTOR_DRAIN_ONGOING_CALL_TIMEOUT: string = '2s';
  @EnvBoolean() @IsBoolean() ACTOR_DRAIN_REBALANCED_ACTORS: boolean = true;
  @EnvBoolean() @IsBoolean() ACTOR_REENTRANCY_ENABLED: boolean = true;
  @IsInt() @Min(1) ACTOR_REENTRANCY_MAX_STACK_DEPTH: number = 31;
  /** JSON list of per-type overrides, e.g. [{"entities":["ChatAgent"],"reentrancy":{"enabled":false}}]. */
  @IsString() ACTOR_ENTITIES_CONFIG: string = '[]';
  @IsDuration() ACTOR_CALL_TIMEOUT: string = '60s';
  /** Calls that may wait in this app for one actor's turn; more are answered 429 at once. */
  @IsInt() @Min(0) ACTOR_MAX_QUEUED_CALLS: number = 100;
  /** The retry policy of components/resiliency.yaml for actor state reads and writes. */
  @IsString() @IsNotEmpty() ACTOR_STATE_RETRY_POLICY: string = 'actorStateRetry';
  @IsDuration() ACTOR_STATE_ATTEMPT_TIMEOUT: string = '2s';
}

function invalid(problem: string): ConfigValidationError {
  return new ConfigValidationError('actors', [problem]);
}

function entityOverrides(json: string): ActorTypeOverride[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw invalid(
      `ACTOR_ENTITIES_CONFIG is not JSON (${(error as Error).message}); give a list like [{"entities":["ChatAgent"],"actorIdleTimeout":"10m"}]`,
    );
  }
  if (!Array.isArray(parsed)) throw invalid('ACTOR_ENTITIES_CONFIG must be a JSON list of per-type overrides');
  return parsed.map((item: unknown, index) => {
    const override = plainToInstance(EntityOverride, item);
    const errors = validateSync(override, { forbidUnknownValues: true, whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) {
      throw invalid(
        `ACTOR_ENTITIES_CONFIG[${index}] is invalid: ${errors.map((error) => error.toString()).join('; ')}`,
      );
    }
    return {
      entities: override.entities,
      actorIdleTimeoutMs:
        override.actorIdleTimeout === undefined ? undefined : parseDuration(override.actorIdleTimeout),
      drainOngoingCallTimeoutMs:
        override.drainOngoingCallTimeout === undefined ? undefined : parseDuration(override.drainOngoingCallTimeout),
      drainRebalancedActors: override.drainRebalancedActors,
      reentrancy: override.reentrancy,
      maxQueuedCalls: override.maxQueuedCalls,
    };
  });
}

/** Actor runtime settings (daprd reads them from /dapr/config) and the state retry policy. */
export const actorsConfig = registerAs('actors', (): ActorsOptions => {
  const env = validateEnv('actors', ActorsEnv);
  return {
    runtime: {
      actorIdleTimeoutMs: parseDuration(env.ACTOR_IDLE_TIMEOUT),
      actorScanIntervalMs: parseDuration(env.ACTOR_SCAN_INTERVAL),
      drainOngoingCallTimeoutMs: parseDuration(env.ACTOR_DRAIN_ONGOING_CALL_TIMEOUT),
      drainRebalancedActors: env.ACTOR_DRAIN_REBALANCED_ACTORS,
      reentrancy: { enabled: env.ACTOR_REENTRANCY_ENABLED, maxStackDepth: env.ACTOR_REENTRANCY_MAX_STACK_DEPTH },
      entitiesConfig: entityOverrides(env.ACTOR_ENTITIES_CONFIG),
      callTimeoutMs: parseDuration(env.ACTOR_CALL_TIMEOUT),
      maxQueuedCalls: env.ACTOR_MAX_QUEUED_CALLS,
    },
    stateRetryPolicy: configuredRetryPolicy('actors', 'ACTOR_STATE_RETRY_POLICY', env.ACTOR_STATE_RETRY_POLICY),
    stateAttemptTimeoutMs: parseDuration(env.ACTOR_STATE_ATTEMPT_TIMEOUT),
  };
});

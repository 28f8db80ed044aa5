import { Inject, Injectable } from '@nestjs/common';
import { ActorCallContext } from './actor-call-context';
import { ActorStackDepthError } from './actor-errors';
import { ActorMetrics } from './actor-metrics';
import { settingsOf } from './actor-runtime.options';
import { ACTORS_OPTIONS, type ActorsOptions } from './actors.options';

/**
 * Enforces reentrancy.maxStackDepth in the app, before daprd would: daprd 1.18 leaves an actor locked
 * for good when its own depth check refuses a call (the refused entry is never released), so daprd
 * is given one more than the limit as a backstop and the refusal happens here, where it is released.
 */
@Injectable()
export class CallChainDepthGuard {
  private readonly depths = new Map<string, number>();

  constructor(
    @Inject(ACTORS_OPTIONS) private readonly options: ActorsOptions,
    private readonly metrics: ActorMetrics,
  ) {}

  /** Counts this call into its chain's depth on the actor; call the returned function when it ends. */
  enter(actorType: string, actorId: string, method: string): () => void {
    const reentrancyId = ActorCallContext.current()?.reentrancyId;
    const { reentrancy } = settingsOf(this.options.runtime, actorType);
    if (!reentrancyId || !reentrancy.enabled) return () => undefined;
    const key = `${actorType}/${actorId}/${reentrancyId}`;
    const depth = (this.depths.get(key) ?? 0) + 1;
    if (depth > reentrancy.maxStackDepth) {
      throw new ActorStackDepthError(`${actorType}/${actorId} ${method}`, reentrancy.maxStackDepth);
    }
    this.depths.set(key, depth);
    this.metrics.chainDepth.observe({ actor_type: actorType }, depth);
    return () => {
      const remaining = (this.depths.get(key) ?? 1) - 1;
      if (remaining === 0) this.depths.delete(key);
      else this.depths.set(key, remaining);
    };
  }
}

import type { ActorState } from './actor-state';
import type { ActorScheduler } from './actor-scheduler';

/** What the host gives each actor instance when it activates it. */
export interface ActorBinding {
  actorType: string;
  id: string;
  state: ActorState;
  scheduler: ActorScheduler;
}

/**
 * Base class of actors hosted by ActorsModule: the actor's id, its state, its reminders and timers,
 * and lifecycle hooks. Dapr runs one call per actor id at a time (turn-based), except calls that
 * re-enter within the same call chain.
 */
export abstract class Actor {
  private binding?: ActorBinding;

  /** Called by the host right after construction; actors never call it. */
  bind(binding: ActorBinding): void {
    this.binding = binding;
  }

  /** Runs before the first call on an activated actor. */
  onActivate(): Promise<void> {
    return Promise.resolve();
  }

  /** Runs when daprd deactivates the actor (idle, rebalanced or shutting down). */
  onDeactivate(): Promise<void> {
    return Promise.resolve();
  }

  protected get id(): string {
    return this.bound().id;
  }

  protected get actorType(): string {
    return this.bound().actorType;
  }

  protected get state(): ActorState {
    return this.bound().state;
  }

  protected get scheduler(): ActorScheduler {
    return this.bound().scheduler;
  }

  private bound(): ActorBinding {
    if (!this.binding) throw new Error(`${this.constructor.name} is used before the actor host activated it`);
    return this.binding;
  }
}

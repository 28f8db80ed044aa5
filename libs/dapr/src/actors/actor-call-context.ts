import { AsyncLocalStorage } from 'node:async_hooks';

/** What an actor call carries into every actor call made on its behalf (its trace context: RequestContext). */
export interface ActorCall {
  actorType: string;
  actorId: string;
  /** daprd's id of the call chain; sent on nested actor calls so that they may re-enter. */
  reentrancyId?: string;
  /** When the outermost caller stops waiting (epoch ms): nested calls must answer before it. */
  deadline?: number;
  /** Aborts when daprd gave up on this call: the turn must not write state after that. */
  abandoned?: AbortSignal;
}

const storage = new AsyncLocalStorage<ActorCall>();

/** The actor call being served, available across every await within it. */
export const ActorCallContext = {
  run<T>(call: ActorCall, work: () => T): T {
    return storage.run(call, work);
  },
  current(): ActorCall | undefined {
    return storage.getStore();
  },
};

/** An actor API: methods taking at most one JSON argument and answering JSON. */
export type ActorApi<TApi> = { [K in keyof TApi]: (input: never) => Promise<unknown> };

/**
 * An actor type's name and the wire names of its methods, keyed by the TypeScript method names.
 * Callers build typed proxies from it without importing the actor's implementation, and Dapr clients
 * in other languages call the same wire names.
 */
export interface ActorContract<TApi extends ActorApi<TApi>> {
  readonly actorType: string;
  readonly methods: { readonly [K in keyof TApi]: string };
}

/** Declares an actor contract, e.g. `defineActorContract<ChatAgentApi>('ChatAgent', { processMessage: 'ProcessMessage' })`. */
export function defineActorContract<TApi extends ActorApi<TApi>>(
  actorType: string,
  methods: { [K in keyof TApi]: string },
): ActorContract<TApi> {
  return { actorType, methods };
}

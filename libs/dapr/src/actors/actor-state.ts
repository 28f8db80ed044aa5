/**
 * An actor's own key/value state in daprd's actor state store. Treat values as immutable: write a new
 * value with `set` rather than changing one `get` returned.
 */
export interface ActorState {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

/** One operation of daprd's actor state transaction API (`POST /v1.0/actors/{type}/{id}/state`). */
export interface ActorStateOperation {
  operation: 'upsert' | 'delete';
  request: { key: string; value?: unknown };
}

/**
 * Actor state as daprd's actor state store keeps it: per actor, values stored as JSON text, so that
 * what an actor reads back is a copy, never the object it wrote.
 */
export class InMemoryActorState {
  private readonly actors = new Map<string, Map<string, string>>();

  /** The stored JSON text of `key`, or undefined when the actor has no such key. */
  read(actor: string, key: string): string | undefined {
    return this.actors.get(actor)?.get(key);
  }

  /** Applies every operation or, when one is malformed, none. */
  transact(actor: string, operations: ActorStateOperation[]): void {
    for (const { operation, request } of operations) {
      if (!['upsert', 'delete'].includes(operation) || typeof request?.key !== 'string') {
        throw new Error(`not an actor state operation: ${JSON.stringify({ operation, request })}`);
      }
    }
    const values = this.actors.get(actor) ?? new Map<string, string>();
    this.actors.set(actor, values);
    for (const { operation, request } of operations) {
      if (operation === 'delete') values.delete(request.key);
      else values.set(request.key, JSON.stringify(request.value ?? null));
    }
  }
}

/** Gives back a turn; call it exactly once, when the call has its answer. */
export type ReleaseTurn = () => void;

interface WaitingCall {
  chain: string;
  reentrant: boolean;
  admit: () => void;
}

interface Line {
  /** The call chain holding the actor, and how many of its calls are inside. */
  holder?: { chain: string; calls: number };
  waiting: WaitingCall[];
}

/**
 * A per-actor lock as daprd's: one call chain at a time in each actor, first come first served. With
 * reentrancy, a call of the chain that holds the actor enters at once (A→B→A); without, it waits
 * like any other, as daprd makes it (a reentrant chain then waits for itself until it times out).
 * The in-memory sidecar's turn lock, and the actor host's guard against turns daprd gave up on.
 */
export class ActorTurns {
  private readonly lines = new Map<string, Line>();

  /** Resolves when the call of `chain` may run in `actor`; rejects when `signal` aborts first. */
  async take(actor: string, chain: string, reentrant: boolean, signal?: AbortSignal): Promise<ReleaseTurn> {
    signal?.throwIfAborted();
    const line = this.lines.get(actor) ?? { waiting: [] };
    this.lines.set(actor, line);
    if (!this.enters(line, chain, reentrant)) await this.wait(line, chain, reentrant, signal);
    return () => this.leave(actor, line);
  }

  private enters(line: Line, chain: string, reentrant: boolean): boolean {
    if (!line.holder) {
      line.holder = { chain, calls: 1 };
      return true;
    }
    if (!reentrant || line.holder.chain !== chain) return false;
    line.holder.calls += 1;
    return true;
  }

  private wait(line: Line, chain: string, reentrant: boolean, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const call: WaitingCall = {
        chain,
        reentrant,
        admit: () => {
          signal?.removeEventListener('abort', abandon);
          resolve();
        },
      };
      const abandon = () => {
        line.waiting.splice(line.waiting.indexOf(call), 1);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', abandon, { once: true });
      line.waiting.push(call);
    });
  }

  private leave(actor: string, line: Line): void {
    if (line.holder && --line.holder.calls > 0) return;
    line.holder = undefined;
    // The first waiting call takes the actor; the calls of its chain waiting behind it may re-enter.
    for (const call of [...line.waiting]) {
      if (!this.enters(line, call.chain, call.reentrant)) continue;
      line.waiting.splice(line.waiting.indexOf(call), 1);
      call.admit();
    }
    if (!line.holder) this.lines.delete(actor);
  }
}

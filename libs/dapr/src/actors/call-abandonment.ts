import type { Socket } from 'node:net';

/** What the actor callback needs of a request: its connection (Fastify's and Express's requests both have it). */
export interface CallbackRequest {
  socket?: Socket;
}

/** A signal that aborts when a call is abandoned, and the way to stop watching once it is answered. */
export interface CallAbandonment {
  signal: AbortSignal;
  answered(): void;
}

/**
 * Aborts when daprd closes the connection of an actor call before its answer. daprd closes it when it
 * gives up on the call: its caller's timeout, or a placement round that moved the actor and cancelled
 * the calls in flight. daprd then lets the next call into the actor at once, on this host or another,
 * while the abandoned turn still runs here: its later state writes would overwrite that call's.
 */
export function watchAbandonment(request: CallbackRequest | undefined): CallAbandonment {
  const controller = new AbortController();
  const socket = request?.socket;
  if (!socket || socket.destroyed) return { signal: controller.signal, answered: () => undefined };
  const abandon = (): void => controller.abort(new Error('daprd closed the connection before the answer'));
  socket.once('close', abandon);
  return { signal: controller.signal, answered: () => void socket.off('close', abandon) };
}

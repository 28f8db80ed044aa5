import type { SidecarAnswer } from './sidecar-answer';

/**
 * How a sidecar call may wait, which decides the connections it travels on:
 * - `direct`: never waits for an actor's turn (state, reminders, timers, publish, service
 *   invocation, health) — it finishes on its own, however busy the app is;
 * - `actor-entry`: an actor call from outside any actor turn — it may wait for the actor's turn;
 * - `actor-nested`: an actor call made within a turn — it may wait for another actor's turn, while
 *   its own turn waits for it.
 */
export type SidecarLane = 'direct' | 'actor-entry' | 'actor-nested';

/** What a sidecar call may carry: the fetch options, with a string body, and its lane. */
export interface SidecarRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Default `direct`. */
  lane?: SidecarLane;
}

/**
 * The app's own Dapr sidecar, spoken to through daprd's HTTP API (`/v1.0/...`). Everything in
 * @daca/dapr reaches daprd through this port: DaprModule binds it to the real daprd, and
 * DaprTestingModule (`@daca/dapr/testing`) to an in-memory one.
 */
export abstract class DaprSidecar {
  /** Sends one request of daprd's HTTP API, e.g. `request('/v1.0/healthz/outbound')`. */
  abstract request(path: string, init?: SidecarRequestInit): Promise<SidecarAnswer>;

  /** Calls `method` of app `appId` through Dapr service invocation. */
  invoke(appId: string, method: string, init: SidecarRequestInit = {}): Promise<SidecarAnswer> {
    return this.request(`/v1.0/invoke/${encodeURIComponent(appId)}/method/${method}`, init);
  }
}

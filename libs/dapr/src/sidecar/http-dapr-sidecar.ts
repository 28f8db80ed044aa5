import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'undici';
import { propagatedHeaders } from '../context/propagated-headers';
import type { DaprModuleOptions } from '../dapr-module.options';
import { DAPR_MODULE_OPTIONS } from '../dapr.module-definition';
import { DaprSidecar, type SidecarLane, type SidecarRequestInit } from './dapr-sidecar';
import { SidecarAnswer } from './sidecar-answer';

/**
 * Keep-alive connections to one lane's limit; calls beyond it queue in the pool. 128 is more than
 * daprd and Redis can serve at once on a small node; shedding at the door (MAX_REQUESTS_IN_FLIGHT)
 * and the per-actor queues (ACTOR_MAX_QUEUED_CALLS) keep what waits here bounded.
 */
const LANE_CONNECTIONS = 128;

/**
 * The DaprSidecar of DaprModule: HTTP access to the app's own daprd through keep-alive connection pools (undici's request API
 * rather than fetch, which costs a third of the throughput on actor calls; answers come with their
 * body read). Every call carries the correlation id and trace context of the request it is made for
 * (propagatedHeaders).
 *
 * One pool per lane, so that no call can wait behind a call that waits for it. With one shared,
 * capped pool, a burst of actor calls waiting for their turns took every connection, and the turn
 * they waited for then waited for a connection for its own state write: a deadlock until the call
 * timeout. Now:
 * - `direct` calls never wait for a turn, so whoever holds a direct connection releases it;
 * - `actor-entry` calls hold a connection while their turn runs, and a turn needs only `direct` and
 *   `actor-nested` connections, so entry calls always finish and their cap is safe;
 * - `actor-nested` calls are not capped: a capped pool full of nested calls waiting for turns could
 *   hold up the very turns they wait for. They are bounded instead by the turns in progress, which
 *   the entry lane and the door bound, times each turn's fan-out.
 * daprd's side: the app channel's concurrency (`--app-max-concurrency`) is left unlimited on
 * purpose, since nested calls re-enter the app through it; daprd 1.18 opens at most 1024 connections
 * to the app, far above what the door (MAX_REQUESTS_IN_FLIGHT) lets in; daprd serves each HTTP
 * request on its own goroutine.
 */
@Injectable()
export class HttpDaprSidecar extends DaprSidecar implements OnModuleDestroy {
  private readonly pools: Record<SidecarLane, Pool>;
  private readonly authorization: Record<string, string>;

  constructor(@Inject(DAPR_MODULE_OPTIONS) { sidecarUrl, apiToken }: DaprModuleOptions) {
    super();
    this.pools = {
      direct: new Pool(sidecarUrl, { connections: LANE_CONNECTIONS }),
      'actor-entry': new Pool(sidecarUrl, { connections: LANE_CONNECTIONS }),
      'actor-nested': new Pool(sidecarUrl, { connections: null }),
    };
    this.authorization = apiToken === undefined ? {} : { 'dapr-api-token': apiToken };
  }

  override async request(path: string, init: SidecarRequestInit = {}): Promise<SidecarAnswer> {
    const answer = await this.pools[init.lane ?? 'direct'].request({
      path,
      method: (init.method ?? 'GET') as 'GET',
      headers: { ...this.authorization, ...propagatedHeaders(), ...init.headers },
      body: init.body,
      signal: init.signal,
    });
    return new SidecarAnswer(answer.statusCode, answer.headers, await answer.body.text());
  }

  // By the time modules are destroyed the app has answered every request in flight (GracefulShutdown):
  // what still talks to daprd is background work (a job, the outbox), which is retried after the
  // restart. Closing gracefully would wait for it, with no bound: a job's invocation can take minutes.
  async onModuleDestroy(): Promise<void> {
    await Promise.all(Object.values(this.pools).map((pool) => pool.destroy()));
  }
}

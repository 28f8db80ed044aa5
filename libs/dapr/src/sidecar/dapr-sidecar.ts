import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'undici';
import { daprConfig, type DaprConfig } from '../dapr.config';
import { SidecarAnswer } from './sidecar-answer';

/** What a sidecar call may carry: the fetch options, with a string body. */
export interface SidecarRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/**
 * HTTP access to the app's own daprd through one pool of keep-alive connections, shared by every
 * call (service invocation, actors, state, pub/sub). The pool is undici's request API rather than
 * fetch, which costs a third of the throughput on actor calls; answers come with their body read.
 */
@Injectable()
export class DaprSidecar implements OnModuleDestroy {
  private readonly pool: Pool;

  constructor(@Inject(daprConfig.KEY) config: DaprConfig) {
    this.pool = new Pool(config.sidecarUrl, { connections: 128 });
  }

  /** Calls `method` of app `appId` through Dapr service invocation. */
  invoke(appId: string, method: string, init: SidecarRequestInit = {}): Promise<SidecarAnswer> {
    return this.request(`/v1.0/invoke/${encodeURIComponent(appId)}/method/${method}`, init);
  }

  async request(path: string, init: SidecarRequestInit = {}): Promise<SidecarAnswer> {
    const answer = await this.pool.request({
      path,
      method: (init.method ?? 'GET') as 'GET',
      headers: init.headers,
      body: init.body,
      signal: init.signal,
    });
    return new SidecarAnswer(answer.statusCode, answer.headers, await answer.body.text());
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.close();
  }
}

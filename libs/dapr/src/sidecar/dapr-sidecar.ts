import { Inject, Injectable } from '@nestjs/common';
import { daprConfig, type DaprConfig } from '../dapr.config';

/**
 * HTTP access to the app's own daprd. Node's fetch keeps one pooled keep-alive agent for every call,
 * so sidecar calls reuse connections instead of opening one per request.
 */
@Injectable()
export class DaprSidecar {
  constructor(@Inject(daprConfig.KEY) private readonly config: DaprConfig) {}

  /** Calls `method` of app `appId` through Dapr service invocation. */
  invoke(appId: string, method: string, init: RequestInit = {}): Promise<Response> {
    return this.request(`/v1.0/invoke/${encodeURIComponent(appId)}/method/${method}`, init);
  }

  request(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.config.sidecarUrl}${path}`, init);
  }
}

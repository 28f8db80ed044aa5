import { Inject, Injectable } from '@nestjs/common';
import { resiliencyConfig, type ResiliencyConfig } from './resiliency.config';
import { loadResiliency } from './resiliency-file';
import type { AppTargetPolicies, InvocationPolicies, RetryPolicy } from '@daca/dapr';
import type { ResiliencySpec } from './resiliency-spec';

/**
 * The named policies of the Resiliency resource the app's own sidecar applies, so that in-process
 * retries follow the same file. Read on first use: apps that never ask do not need the file.
 */
@Injectable()
export class ResiliencyPolicies implements InvocationPolicies {
  private loaded?: ResiliencySpec;

  constructor(@Inject(resiliencyConfig.KEY) private readonly config: ResiliencyConfig) {}

  /** The retry policy `name`; throws, naming the known ones, when there is none or it is unbounded. */
  retry(name: string): RetryPolicy {
    const found = this.spec.retries.get(name);
    if (!found) {
      throw new Error(
        `retry policy '${name}' is not in the Resiliency resources of ${this.config.resourcesPath} for ${this.config.appId}; known: ${[...this.spec.retries.keys()].join(', ') || 'none'}`,
      );
    }
    if ('unbounded' in found) {
      throw new Error(`retry policy '${name}' has no maxRetries: give it one to use it in-process`);
    }
    return found;
  }

  /** What resiliency.yaml applies to calls to app `appId` (empty when it is not a target). */
  appTarget(appId: string): AppTargetPolicies {
    const names = this.spec.apps.get(appId) ?? {};
    const lookup = <T>(map: Map<string, T>, name: string | undefined, kind: string): T | undefined => {
      if (name === undefined) return undefined;
      const found = map.get(name);
      if (found === undefined) throw new Error(`target app ${appId} names ${kind} '${name}', which is not defined`);
      return found;
    };
    return {
      retry: lookup(this.spec.retries, names.retry, 'retry policy'),
      timeoutMs: lookup(this.spec.timeouts, names.timeout, 'timeout'),
      circuitBreaker: lookup(this.spec.circuitBreakers, names.circuitBreaker, 'circuit breaker'),
    };
  }

  private get spec(): ResiliencySpec {
    this.loaded ??= loadResiliency(this.config.resourcesPath, this.config.appId);
    return this.loaded;
  }
}

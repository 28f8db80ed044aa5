import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { DaprSidecar } from './dapr-sidecar';

/** Ready when the sidecar answers its outbound health check (components loaded, API serving). */
@Injectable()
export class DaprSidecarHealthIndicator {
  constructor(
    private readonly sidecar: DaprSidecar,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy(key = 'dapr-sidecar'): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    try {
      const response = await this.sidecar.request('/v1.0/healthz/outbound', { signal: AbortSignal.timeout(2_000) });
      return response.ok ? indicator.up() : indicator.down({ reason: `sidecar answered ${response.status}` });
    } catch (error) {
      return indicator.down({ reason: `sidecar unreachable: ${(error as Error).message}` });
    }
  }
}

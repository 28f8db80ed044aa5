import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorFunction } from '@nestjs/terminus';
import { DependencyMonitor } from '@daca/dapr';

/** One readiness check per dependency of the app, from the state of its connections (no extra round trip). */
@Injectable()
export class DependenciesHealthIndicator {
  constructor(
    private readonly monitor: DependencyMonitor,
    private readonly health: HealthIndicatorService,
  ) {}

  checks(): HealthIndicatorFunction[] {
    return this.monitor.all().map((dependency) => () => {
      const indicator = this.health.check(dependency.name);
      const { up, since, reason } = dependency.state;
      const details = { since: new Date(since).toISOString() };
      return up ? indicator.up(details) : indicator.down({ ...details, reason });
    });
  }
}

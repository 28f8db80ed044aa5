import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DependenciesHealthIndicator } from './dependencies.health';
import { DependencyMonitor } from '@daca/dapr';

/** The app's dependencies (Redis, …): their state, the log of their outages and their readiness checks. */
@Global()
@Module({
  imports: [TerminusModule],
  providers: [DependencyMonitor, DependenciesHealthIndicator],
  exports: [DependencyMonitor, DependenciesHealthIndicator],
})
export class DependenciesModule {}

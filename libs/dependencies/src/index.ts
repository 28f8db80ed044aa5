export { bullMqConnection } from './bullmq-connection';
export { DependenciesHealthIndicator } from './dependencies.health';
export { DependenciesModule } from './dependencies.module';
export { Dependency, REPORT_INTERVAL_MS, type DependencyState } from './dependency';
export { DependencyMonitor } from './dependency-monitor';
export { watchBullMq } from './watch-bullmq';
export { closeForShutdown } from './close-for-shutdown';

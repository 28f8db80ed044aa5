export { DependenciesHealthIndicator } from './dependencies.health';
export { DependenciesModule } from './dependencies.module';

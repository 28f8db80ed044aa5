import { Global, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { collectDefaultMetrics } from 'prom-client';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics.registry';

/** Serves GET /metrics from one registry with process metrics and HTTP request timings. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: MetricsRegistry,
      useFactory: () => {
        const registry = new MetricsRegistry();
        collectDefaultMetrics({ register: registry });
        return registry;
      },
    },
  ],
  exports: [MetricsRegistry],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*path}');
  }
}

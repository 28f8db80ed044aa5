import { Global, Module } from '@nestjs/common';
import { collectDefaultMetrics } from 'prom-client';
import { HttpMetrics } from './http-metrics';
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
    HttpMetrics,
  ],
  exports: [MetricsRegistry],
})
export class MetricsModule {}

import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { DaprMetricsRegistry } from '../metrics/dapr-metrics-registry';

type RetryLabel = 'policy' | 'target' | 'operation' | 'outcome';

/** Prometheus series of in-process retries: every attempt's outcome, and each operation's duration. */
@Injectable()
export class RetryMetrics {
  readonly attempts: Counter<RetryLabel>;
  readonly duration: Histogram<RetryLabel>;

  constructor(metrics: DaprMetricsRegistry) {
    this.attempts = new Counter({
      name: metrics.name('retry_attempts_total'),
      help: 'Attempts of operations under a retry policy, by policy, target, operation and outcome (retry, success, exhausted, permanent)',
      labelNames: ['policy', 'target', 'operation', 'outcome'],
      registers: [metrics.registry],
    });
    this.duration = new Histogram({
      name: metrics.name('retry_operation_duration_seconds'),
      help: 'Duration of operations under a retry policy, retries included, by final outcome (success, exhausted, permanent)',
      labelNames: ['policy', 'target', 'operation', 'outcome'],
      buckets: [0.005, 0.025, 0.1, 0.25, 1, 2.5, 5, 10, 30, 60],
      registers: [metrics.registry],
    });
  }
}

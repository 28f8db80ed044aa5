import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { DaprMetricsRegistry } from '../metrics/dapr-metrics-registry';

/** Prometheus series of this app's pub/sub traffic; labels are component, topic and outcome only. */
@Injectable()
export class PubSubMetrics {
  readonly published: Counter<'pubsub' | 'topic' | 'outcome'>;
  readonly delivered: Counter<'pubsub' | 'topic' | 'outcome'>;

  constructor(metrics: DaprMetricsRegistry) {
    this.published = new Counter({
      name: metrics.name('events_published_total'),
      help: 'Publish attempts from the durable outbox, by outcome: published, retry (will be tried again) or failed (attempts exhausted)',
      labelNames: ['pubsub', 'topic', 'outcome'],
      registers: [metrics.registry],
    });
    this.delivered = new Counter({
      name: metrics.name('events_delivered_total'),
      help: 'Events delivered by daprd to this app, by the answer given: SUCCESS, RETRY or DROP',
      labelNames: ['pubsub', 'topic', 'outcome'],
      registers: [metrics.registry],
    });
  }
}

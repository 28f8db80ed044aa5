import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '@daca/metrics';

export type JobEvent = 'queued' | 'retried' | 'completed' | 'failed';

/** Jobs of the durable tier, by queue and event: queued, retried (an attempt failed, another is due), completed, failed. */
@Injectable()
export class JobMetrics {
  private readonly events: Counter<'queue' | 'event'>;

  constructor(registry: MetricsRegistry) {
    this.events = new Counter({
      name: 'daca_jobs_total',
      help: 'Durable jobs by queue and event (queued, retried, completed, failed)',
      labelNames: ['queue', 'event'],
      registers: [registry],
    });
  }

  count(queue: string, event: JobEvent): void {
    this.events.inc({ queue, event });
  }
}

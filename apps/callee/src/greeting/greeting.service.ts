import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '@daca/metrics';
import { FailureSimulator } from './failure-simulator';

/** What GET /greet answers: a status and its JSON body. */
export interface GreetingAnswer {
  status: number;
  body: { message: string } | { detail: string };
}

/** The greeting, or the failure the simulation decides on (counted, by status). */
@Injectable()
export class GreetingService {
  private readonly failures: Counter<'status'>;

  constructor(
    private readonly simulator: FailureSimulator,
    registry: MetricsRegistry,
  ) {
    this.failures = new Counter({
      name: 'daca_simulated_failures_total',
      help: 'Failures served by the failure simulation (SIMULATE_FAILURE), by HTTP status',
      labelNames: ['status'],
      registers: [registry],
    });
  }

  async greet(name: string): Promise<GreetingAnswer> {
    if (this.simulator.latencyMs > 0) await sleep(this.simulator.latencyMs);
    const failure = this.simulator.nextFailure();
    if (!failure) return { status: 200, body: { message: `Hello, ${name} from callee-app!` } };
    this.failures.inc({ status: String(failure.status) });
    return { status: failure.status, body: { detail: failure.detail } };
  }
}

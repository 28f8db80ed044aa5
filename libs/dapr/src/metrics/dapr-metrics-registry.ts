import type { Registry } from 'prom-client';

/** Where @daca/dapr registers its Prometheus series, and the prefix their names start with. */
export class DaprMetricsRegistry {
  constructor(
    readonly registry: Registry,
    private readonly prefix: string,
  ) {}

  /** The full name of series `name`, e.g. `daca_actor_calls_total` for `actor_calls_total`. */
  name(name: string): string {
    return `${this.prefix}${name}`;
  }
}

import { Registry } from 'prom-client';

/** The one Prometheus registry of a service; inject it to register metrics. */
export class MetricsRegistry extends Registry {}

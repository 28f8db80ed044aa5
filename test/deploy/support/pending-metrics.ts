import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT_DIR } from '../../support/e2e-stack';

/** Whether a TypeScript source under apps/ or libs/ (tests aside) names the metric. */
export function definedInSource(metric: string): boolean {
  return ['apps', 'libs'].some((dir) =>
    readdirSync(join(ROOT_DIR, dir), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('spec.ts'))
      .some((file) => readFileSync(join(ROOT_DIR, dir, file), 'utf8').includes(`'${metric}'`)),
  );
}

const resiliencyHasCircuitBreakers = (): boolean =>
  /circuitBreakers:/.test(readFileSync(join(ROOT_DIR, 'components/resiliency.yaml'), 'utf8'));

/**
 * Metrics the dashboards show that other work brings: until it is merged, panels querying them
 * are not required to have data. Each entry says when it stops being pending, so the panels are
 * checked as soon as the work lands, without an edit here.
 */
export const PENDING_METRICS: { metric: string; comesWith: string; pending: () => boolean }[] = [
  {
    metric: 'daca_events_published_total',
    comesWith: 'ConversationUpdated events of chat-agent',
    pending: () => !definedInSource('daca_events_published_total'),
  },
  {
    metric: 'daca_events_delivered_total',
    comesWith: 'ConversationUpdated events of chat-agent',
    pending: () => !definedInSource('daca_events_delivered_total'),
  },
  {
    metric: 'dapr_component_pubsub_egress_count',
    comesWith: 'ConversationUpdated events of chat-agent (daprd counts what it publishes)',
    pending: () => !definedInSource('daca_events_published_total'),
  },
  {
    metric: 'dapr_component_pubsub_ingress_count',
    comesWith: 'ConversationUpdated events of chat-agent (daprd counts what it delivers)',
    pending: () => !definedInSource('daca_events_delivered_total'),
  },
  {
    metric: 'dapr_resiliency_cb_state',
    comesWith: 'circuit breakers in components/resiliency.yaml (invocation work)',
    pending: () => !resiliencyHasCircuitBreakers(),
  },
  {
    metric: 'daca_simulated_failures_total',
    comesWith: "the callee's failure counter (invocation work)",
    pending: () => !definedInSource('daca_simulated_failures_total'),
  },
  {
    metric: 'daca_jobs_total',
    comesWith: "the caller's durable greet jobs on BullMQ (invocation work)",
    pending: () => !definedInSource('daca_jobs_total'),
  },
];

/** The pending metrics an expression queries. */
export function pendingIn(expr: string): string[] {
  return PENDING_METRICS.filter(({ metric, pending }) => new RegExp(`\\b${metric}\\b`).test(expr) && pending()).map(
    ({ metric }) => metric,
  );
}

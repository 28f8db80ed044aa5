import { STATUS_CODES } from 'node:http';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { scrape } from '../support/prometheus-text';
import { fastResiliency, type EditablePolicies } from '../support/resiliency-copy';

export interface Answer {
  status: number;
  body: unknown;
  ms: number;
}

/** GET /jobs/{id} of caller-app. */
export interface JobView {
  id: string;
  state: string;
  attempts: number;
  result?: unknown;
  lastError?: string;
}

/**
 * The whole answer caller-app gives when calling callee-app failed: `statusCode` 502, 503 or 504 with
 * its title, `message`, and the upstream's status and detail when it answered.
 */
export function failedCall(statusCode: number, fields: Record<string, unknown>): object {
  return {
    status: statusCode,
    ms: expect.any(Number) as unknown,
    body: {
      statusCode,
      error: STATUS_CODES[statusCode],
      upstream: 'callee-app',
      correlationId: expect.any(String) as unknown,
      ...fields,
    },
  };
}

/** caller-app and callee-app on the real runtime, with the shipped resiliency.yaml's waits shortened. */
export class InvocationStack {
  private constructor(readonly e2e: E2eStack) {}

  static async start(
    env: Record<string, string>,
    options: { apps?: string[]; resiliency?: (policies: EditablePolicies) => void } = {},
  ): Promise<InvocationStack> {
    const e2e = await startE2eStack({
      apps: options.apps ?? ['callee-app', 'caller-app'],
      env,
      components: { 'resiliency.yaml': fastResiliency(options.resiliency) },
    });
    return new InvocationStack(e2e);
  }

  /** A request to caller-app, timed. */
  async caller(path: string, init: RequestInit = {}): Promise<Answer> {
    const started = performance.now();
    const response = await fetch(`${this.e2e.app('caller-app').url}${path}`, init);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, ms: performance.now() - started };
  }

  callGreet(name: string): Promise<Answer> {
    return this.caller(`/call-greet/${encodeURIComponent(name)}`);
  }

  async job(id: string): Promise<JobView> {
    return (await this.caller(`/jobs/${id}`)).body as JobView;
  }

  /** Failures the callee's simulation served, by status. */
  calleeFailures(status = '500'): Promise<number> {
    return scrape(`${this.e2e.app('callee-app').url}/metrics`, 'daca_simulated_failures_total', { status });
  }

  /** A series of caller-app's daprd (the sidecar tier). */
  sidecarMetric(name: string, labels: Record<string, string> = {}): Promise<number> {
    return scrape(this.e2e.app('caller-app').sidecarMetricsUrl, name, labels);
  }

  /** Attempts caller-app's daprd sent to callee-app: calls plus the sidecar's retries. */
  attemptsSent(): Promise<number> {
    return this.sidecarMetric('dapr_runtime_service_invocation_req_sent_total', { dst_app_id: 'callee-app' });
  }

  /** A series of caller-app itself (the app tier). */
  callerMetric(name: string, labels: Record<string, string> = {}): Promise<number> {
    return scrape(`${this.e2e.app('caller-app').url}/metrics`, name, labels);
  }

  stop(): Promise<void> {
    return this.e2e.stop();
  }
}

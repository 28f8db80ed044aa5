import { Inject, Injectable } from '@nestjs/common';
import type { DaprModuleOptions } from '../dapr-module.options';
import { DAPR_MODULE_OPTIONS } from '../dapr.module-definition';
import { retriesStatus } from '../retry/retry-policy';
import { isCircuitBreakerRefusal } from '../sidecar/circuit-breaker-refusal';
import { DaprSidecar, type SidecarRequestInit } from '../sidecar/dapr-sidecar';
import { withTimeout } from '../sidecar/with-timeout';
import { InvocationFailedException } from './invocation-failed.exception';
import { DEFAULT_INVOCATION_DEADLINE_MS, type AppTargetPolicies } from './invocation.options';

/** daprd's own error body, e.g. {"errorCode":"ERR_DIRECT_INVOKE","message":"... circuit breaker is open"}. */
interface DaprError {
  errorCode: string;
  message?: string;
}

const isDaprError = (body: unknown): body is DaprError => typeof (body as DaprError | null)?.errorCode === 'string';

/** The reason an app gave: the lab's `detail`, a Nest error's `message`, or the raw text. */
function detailOf(body: unknown, text: string): string {
  const fields = body as { detail?: unknown; message?: unknown } | null;
  if (typeof fields?.detail === 'string') return fields.detail;
  if (typeof fields?.message === 'string') return fields.message;
  return text || '(empty body)';
}

const seconds = (ms: number | undefined): string => (ms === undefined ? 'its timeout' : `${ms / 1000}s`);

/**
 * Calls another app through this app's sidecar, which applies components/resiliency.yaml, and turns
 * every way that can fail into an InvocationFailedException saying what happened upstream.
 */
@Injectable()
export class ServiceInvoker {
  private readonly deadlineMs: number;
  private readonly appTarget: (appId: string) => AppTargetPolicies;

  constructor(
    private readonly sidecar: DaprSidecar,
    @Inject(DAPR_MODULE_OPTIONS) { invocation }: DaprModuleOptions,
  ) {
    this.deadlineMs = invocation?.deadlineMs ?? DEFAULT_INVOCATION_DEADLINE_MS;
    const policies = invocation?.policies;
    this.appTarget = policies ? (appId) => policies.appTarget(appId) : () => ({});
  }

  /** The JSON answer of `method` of `appId`; throws InvocationFailedException otherwise. */
  async invoke(appId: string, method: string, init: SidecarRequestInit = {}): Promise<unknown> {
    const response = await withTimeout(this.deadlineMs, (deadline) =>
      this.sidecar.invoke(appId, method, {
        ...init,
        signal: init.signal ? AbortSignal.any([init.signal, deadline]) : deadline,
      }),
    ).catch((error: unknown) => {
      // The caller gave up (e.g. a job cancelled at shutdown): its reason, not a sidecar failure.
      if (init.signal?.aborted) throw init.signal.reason;
      throw (error as Error).name === 'TimeoutError'
        ? new InvocationFailedException('timeout', appId, `${appId} gave no answer within ${seconds(this.deadlineMs)}`)
        : new InvocationFailedException(
            'unreachable',
            appId,
            `this app's Dapr sidecar is unreachable (${(error as Error).message}); check that daprd runs beside it`,
          );
    });
    const { text } = response;
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (response.ok) return body;
    throw isDaprError(body)
      ? this.sidecarFailure(appId, body)
      : this.upstreamFailure(appId, response.status, detailOf(body, text));
  }

  /** The app answered outside 2xx: say whether the sidecar retried that status, and how often. */
  private upstreamFailure(appId: string, status: number, detail: string): InvocationFailedException {
    const { retry } = this.appTarget(appId);
    const retried =
      retry === undefined || ('maxRetries' in retry && !retriesStatus(retry, status))
        ? `(status ${status} is not retried)`
        : `after the sidecar's ${'maxRetries' in retry ? `${retry.maxRetries} ` : ''}retries (${retry.name})`;
    return new InvocationFailedException('upstream-error', appId, `${appId} answered ${status} ${retried}: ${detail}`, {
      upstreamStatus: status,
      upstreamDetail: detail,
    });
  }

  /** daprd answered for itself: the breaker is open, every attempt timed out, or the app is unknown. */
  private sidecarFailure(appId: string, error: DaprError): InvocationFailedException {
    const message = error.message ?? error.errorCode;
    const { timeoutMs, circuitBreaker } = this.appTarget(appId);
    if (isCircuitBreakerRefusal(message)) {
      return new InvocationFailedException(
        'circuit-open',
        appId,
        `${appId} is failing and its circuit breaker is open; calls resume after ${seconds(circuitBreaker?.timeoutMs)}`,
        { retryAfterMs: circuitBreaker?.timeoutMs },
      );
    }
    // daprd words the same per-attempt timeout two ways: Go's context error, or the gRPC status of the
    // stream it cancelled ("code = DeadlineExceeded desc = stream terminated by RST_STREAM").
    if (/deadline exceeded|code = DeadlineExceeded/.test(message)) {
      return new InvocationFailedException(
        'timeout',
        appId,
        `${appId} did not answer within ${seconds(timeoutMs)} on any attempt (resiliency.yaml timeout)`,
      );
    }
    return new InvocationFailedException(
      'unreachable',
      appId,
      `Dapr could not deliver the call to ${appId}: ${message}`,
    );
  }
}

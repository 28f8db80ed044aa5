import type { RetryPolicy, UnboundedRetry } from '../retry/retry-policy';

/** The policies the sidecar's resiliency.yaml applies to calls to one app. */
export interface AppTargetPolicies {
  /** The sidecar's retries (daprd accepts a policy without maxRetries). */
  retry?: RetryPolicy | UnboundedRetry;
  timeoutMs?: number;
  circuitBreaker?: { timeoutMs: number };
}

/** Where ServiceInvoker learns what the sidecar does for calls to an app, to explain their failures. */
export interface InvocationPolicies {
  appTarget(appId: string): AppTargetPolicies;
}

/** How this app calls other apps through ServiceInvoker: `DaprModuleOptions.invocation`. */
export interface InvocationOptions {
  /** The longest a call waits for its answer, the sidecar's retries included (default 60 s). */
  deadlineMs?: number;
  /** What the sidecar's resiliency.yaml applies (default: nothing known, so errors say less). */
  policies?: InvocationPolicies;
}

export const DEFAULT_INVOCATION_DEADLINE_MS = 60_000;

import { parseDuration, type RetryPolicy, type StatusCodeRanges, type UnboundedRetry } from '@daca/dapr';

/** A circuit breaker of resiliency.yaml: opened by `trip`, closed again after `timeoutMs`. */
export interface CircuitBreakerPolicy {
  name: string;
  maxRequests: number;
  intervalMs: number;
  timeoutMs: number;
  trip: string;
}

/** The policy names a target of resiliency.yaml refers to. */
export interface TargetPolicyNames {
  timeout?: string;
  retry?: string;
  circuitBreaker?: string;
}

/** The parts of a Dapr Resiliency resource the apps use, validated and in milliseconds. */
export interface ResiliencySpec {
  timeouts: Map<string, number>;
  retries: Map<string, RetryPolicy | UnboundedRetry>;
  circuitBreakers: Map<string, CircuitBreakerPolicy>;
  apps: Map<string, TargetPolicyNames>;
}

interface RawRetry {
  policy?: string;
  duration?: string | number;
  maxInterval?: string | number;
  maxRetries?: number;
  matching?: { httpStatusCodes?: string };
}

interface RawCircuitBreaker {
  maxRequests?: number;
  interval?: string | number;
  timeout?: string | number;
  trip?: string;
}

/** One `kind: Resiliency` document as YAML gives it. */
export interface RawResiliency {
  metadata?: { name?: string };
  scopes?: string[];
  spec?: {
    policies?: {
      timeouts?: Record<string, string | number>;
      retries?: Record<string, RawRetry>;
      circuitBreakers?: Record<string, RawCircuitBreaker>;
    };
    targets?: { apps?: Record<string, TargetPolicyNames> };
  };
}

// daprd's defaults (dapr/kit retry.DefaultConfig, gobreaker): an in-process retry of the same policy waits alike.
const DAPR_DEFAULT_DURATION = '5s';
const DAPR_DEFAULT_MAX_INTERVAL = '60s';
const DAPR_EXPONENTIAL = { initialIntervalMs: 500, multiplier: 1.5, randomizationFactor: 0.5 };
const DAPR_CB_DEFAULT_TIMEOUT = '60s';

/** daprd reads a bare number as milliseconds, anything else as a Go duration. */
function durationMs(value: string | number, where: string): number {
  if (typeof value === 'number' || /^\d+$/.test(value)) return Number(value);
  try {
    return parseDuration(value);
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
}

function statusRanges(text: string, where: string): StatusCodeRanges {
  return text.split(',').map((part) => {
    const match = /^\s*(\d{3})(?:\s*-\s*(\d{3}))?\s*$/.exec(part);
    const range: [number, number] | undefined = match ? [Number(match[1]), Number(match[2] ?? match[1])] : undefined;
    if (!range || range[0] > range[1] || range[0] < 100 || range[1] > 599) {
      throw new Error(`${where}: '${part.trim()}' is not a status code or range: write it like 500-599,429`);
    }
    return range;
  });
}

function retryPolicy(name: string, raw: RawRetry, where: string): RetryPolicy | UnboundedRetry {
  if (raw.maxRetries === undefined || raw.maxRetries < 0) return { name, unbounded: true };
  if (!Number.isInteger(raw.maxRetries)) throw new Error(`${where}.maxRetries: must be a whole number`);
  const retryOnStatus =
    raw.matching?.httpStatusCodes === undefined
      ? undefined
      : statusRanges(raw.matching.httpStatusCodes, `${where}.matching.httpStatusCodes`);
  const common = { name, maxRetries: raw.maxRetries, ...(retryOnStatus && { retryOnStatus }) };
  switch (raw.policy ?? 'constant') {
    case 'constant':
      return {
        ...common,
        policy: 'constant',
        durationMs: durationMs(raw.duration ?? DAPR_DEFAULT_DURATION, `${where}.duration`),
      };
    case 'exponential':
      return {
        ...common,
        policy: 'exponential',
        ...DAPR_EXPONENTIAL,
        maxIntervalMs: durationMs(raw.maxInterval ?? DAPR_DEFAULT_MAX_INTERVAL, `${where}.maxInterval`),
      };
    default:
      throw new Error(`${where}.policy: '${raw.policy}' is not a retry policy: use constant or exponential`);
  }
}

function circuitBreaker(name: string, raw: RawCircuitBreaker, where: string): CircuitBreakerPolicy {
  if (typeof raw.trip !== 'string' || raw.trip.trim() === '') {
    throw new Error(`${where}.trip: give the condition that opens the breaker, e.g. consecutiveFailures >= 5`);
  }
  return {
    name,
    maxRequests: raw.maxRequests ?? 1,
    intervalMs: durationMs(raw.interval ?? 0, `${where}.interval`),
    timeoutMs: durationMs(raw.timeout ?? DAPR_CB_DEFAULT_TIMEOUT, `${where}.timeout`),
    trip: raw.trip,
  };
}

const entries = <T>(record: Record<string, T> | undefined): [string, T][] => Object.entries(record ?? {});

/**
 * Reads the policies and app targets of Resiliency documents (daprd merges every one in scope);
 * `source` names the file in error messages.
 */
export function parseResiliency(documents: RawResiliency[], source: string): ResiliencySpec {
  const spec: ResiliencySpec = { timeouts: new Map(), retries: new Map(), circuitBreakers: new Map(), apps: new Map() };
  for (const document of documents) {
    const where = `${source} (${document.metadata?.name ?? 'unnamed'}): spec.policies`;
    const policies = document.spec?.policies;
    for (const [name, value] of entries(policies?.timeouts)) {
      spec.timeouts.set(name, durationMs(value, `${where}.timeouts.${name}`));
    }
    for (const [name, raw] of entries(policies?.retries)) {
      spec.retries.set(name, retryPolicy(name, raw, `${where}.retries.${name}`));
    }
    for (const [name, raw] of entries(policies?.circuitBreakers)) {
      spec.circuitBreakers.set(name, circuitBreaker(name, raw, `${where}.circuitBreakers.${name}`));
    }
    for (const [appId, names] of entries(document.spec?.targets?.apps)) spec.apps.set(appId, names);
  }
  return spec;
}

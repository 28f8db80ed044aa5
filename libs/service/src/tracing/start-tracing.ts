import type { IncomingMessage } from 'node:http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { tracingRequested } from './tracing-requested';
import { onTracingShutdown } from './tracing-shutdown';

// Probes and scrapes, every few seconds: spans of them would drown the requests.
const UNTRACED_PATHS = ['/health', '/metrics'];

const untraced = (request: IncomingMessage): boolean =>
  UNTRACED_PATHS.some((path) => request.url?.startsWith(path) === true);

/**
 * Starts OpenTelemetry's Node SDK when an OTLP endpoint is set, configured by the standard OTEL_*
 * variables (exporter endpoint and headers, OTEL_TRACES_SAMPLER and its argument, OTEL_BSP_* batching,
 * OTEL_RESOURCE_ATTRIBUTES), the service name defaulting to the app id. Traces only: the apps' metrics
 * are Prometheus's, their logs stdout's. Inbound HTTP (node:http, under Fastify) and outbound undici
 * (every sidecar call) are instrumented, and W3C trace context flows from one to the other.
 * Without an endpoint nothing starts: no instrumentation patches anything, and the @opentelemetry/api
 * calls in the code answer from its no-op implementation. A graceful shutdown ends with the SDK's own
 * (shutDownTracing), which exports the spans still batched.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): NodeSDK | undefined {
  if (!tracingRequested(env)) return undefined;
  const sdk = new NodeSDK({
    ...(env.OTEL_SERVICE_NAME === undefined && env.APP_ID !== undefined && { serviceName: env.APP_ID }),
    traceExporter: new OTLPTraceExporter(),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: untraced, requireParentforOutgoingSpans: true }),
      // A sidecar call outside any request (the health probe's, a BullMQ poll) is no trace of its own.
      new UndiciInstrumentation({ requireParentforSpans: true }),
    ],
  });
  sdk.start();
  onTracingShutdown(() => sdk.shutdown());
  return sdk;
}

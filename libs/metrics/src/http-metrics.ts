import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import { Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics.registry';

type HttpLabel = 'method' | 'route' | 'status';
// prom-client types an exemplar's labels as the metric's own: the exemplar's label is added to them.
type HttpLabelOrExemplar = HttpLabel | 'trace_id';

/** The trace of the request being answered, when it is sampled (an unsampled one leads nowhere). */
function sampledTraceId(): { trace_id: string } | Record<string, never> {
  const span = trace.getSpanContext(context.active());
  return span && (span.traceFlags & TraceFlags.SAMPLED) !== 0 ? { trace_id: span.traceId } : {};
}

/**
 * Times every HTTP request once its response is sent, so errors answered by exception filters count
 * with their real status. Labelled by route pattern, never the raw path, to keep series bounded.
 * Traced, each bucket keeps the trace id of its latest request as an exemplar (OpenMetrics scrapes
 * only): a slow bucket on a dashboard leads to a trace of one of its requests.
 */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  private readonly duration: Histogram<HttpLabelOrExemplar>;

  constructor(
    registry: MetricsRegistry,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.duration = new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'Duration of HTTP requests served, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      enableExemplars: true,
      // prom-client refuses exemplars at construction on a registry of the text format, which
      // cannot show them; this one also renders OpenMetrics, which can (MetricsRegistry.exposition).
      registers: [],
    });
    registry.registerMetric(this.duration);
  }

  onModuleInit(): void {
    // An application context (caller's one-shot mode) serves no HTTP.
    if (!this.adapterHost.httpAdapter) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // The HTTP instrumentation binds the response to the request's span: this hook runs in its context.
    fastify.addHook('onResponse', (request, reply, done) => {
      this.duration.observe({
        labels: {
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status: String(reply.statusCode),
        },
        value: reply.elapsedTime / 1000,
        exemplarLabels: sampledTraceId(),
      });
      done();
    });
  }
}

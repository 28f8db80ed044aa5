import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics.registry';

/**
 * Times every HTTP request once the response is sent, so errors answered by exception filters count
 * with their real status. Labelled by route pattern, never the raw path, to keep series bounded.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(registry: MetricsRegistry) {
    this.duration = new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'Duration of HTTP requests served, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  use(request: Request, response: Response, next: NextFunction): void {
    const stopTimer = this.duration.startTimer();
    response.once('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      stopTimer({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  }
}

import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { Counter, Gauge } from 'prom-client';
import { serviceConfig, type ServiceConfig } from '@daca/config';
import { isSidecarCallback } from '@daca/dapr';
import { MetricsRegistry } from '@daca/metrics';
import { correlationIdOf, sendError } from '../errors/error-answer';

/**
 * Never shed: probes and scrapes must see an overloaded app as it is, and daprd's callbacks (actor
 * turns it has already granted, event deliveries, /dapr/config) are work the app has already accepted
 * — refusing them would fail a turn or count against daprd's circuit breakers.
 */
const neverShed = (url: string): boolean =>
  url.startsWith('/health/') || url.startsWith('/metrics') || isSidecarCallback(url);
// The app was full at that instant: a second later it usually has room again.
const RETRY_AFTER_SECONDS = 1;
// Under overload, one warning per interval says how much was shed, rather than one per request.
const REPORT_INTERVAL_MS = 10_000;

/**
 * Load shedding at the door: beyond MAX_REQUESTS_IN_FLIGHT requests being served, a new one is
 * answered 503 with Retry-After at once, instead of queueing behind the others into a timeout. It
 * runs first, before Express, the body parser or the logger, so that refusing costs next to nothing
 * when the app has the least to spare.
 */
@Injectable()
export class LoadShedder {
  private readonly logger = new Logger(LoadShedder.name);
  private readonly limit: number;
  private inFlight = 0;
  private readonly shed: Counter;
  private unreported = 0;
  private reportedAt = 0;

  constructor(@Inject(serviceConfig.KEY) service: ServiceConfig, registry: MetricsRegistry) {
    this.limit = service.maxRequestsInFlight;
    const inFlight = () => this.inFlight;
    new Gauge({
      name: 'daca_http_requests_in_flight',
      help: 'Requests being served that count against MAX_REQUESTS_IN_FLIGHT',
      registers: [registry],
      collect() {
        this.set(inFlight());
      },
    });
    this.shed = new Counter({
      name: 'daca_http_requests_shed_total',
      help: 'Requests answered 503 at once because MAX_REQUESTS_IN_FLIGHT requests were being served',
      registers: [registry],
    });
  }

  /**
   * Puts the door in front of the server's request handler (Nest's Express app): a refused request
   * never reaches Express, whose router and middleware would cost more than the refusal itself.
   */
  guard(server: Server): void {
    const handlers = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (this.admitted(request, response)) for (const handle of handlers) handle.call(server, request, response);
    });
  }

  private admitted(request: IncomingMessage, response: ServerResponse): boolean {
    if (neverShed(request.url ?? '')) return true;
    if (this.inFlight >= this.limit) {
      this.refuse(request, response);
      return false;
    }
    this.inFlight += 1;
    response.once('close', () => {
      this.inFlight -= 1;
    });
    return true;
  }

  private refuse(request: IncomingMessage, response: ServerResponse): void {
    this.shed.inc();
    this.unreported += 1;
    if (Date.now() - this.reportedAt >= REPORT_INTERVAL_MS) {
      this.logger.warn(
        `shedding load: ${this.unreported} requests answered 503 since the last report, ${this.limit} being served (MAX_REQUESTS_IN_FLIGHT)`,
      );
      this.unreported = 0;
      this.reportedAt = Date.now();
    }
    sendError(response, {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: 'ServiceOverloaded',
      message:
        `this app is already serving ${this.limit} requests (its MAX_REQUESTS_IN_FLIGHT); ` +
        `nothing was done, try again in ${RETRY_AFTER_SECONDS} s`,
      correlationId: correlationIdOf(request),
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    });
  }
}

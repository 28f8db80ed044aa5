import { HttpStatus, Logger, type INestApplication } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import { constants } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { DaprSidecar, hostedActorTypes, isSidecarCallback } from '@daca/dapr';
import { correlationIdOf, sendError } from '../errors/error-answer';
import { exitAfterLogs } from '../exit-after-logs';
import { shutDownTracing } from '../tracing/tracing-shutdown';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
type ShutdownSignal = (typeof SIGNALS)[number];

const DRAIN_POLL_MS = 50;
const HANDOVER_POLL_MS = 200;
// daprd deactivates the actors it hands back (calls to the app) after it has stopped reporting them.
const HANDOVER_QUIET_MS = 500;
// Keep-alive connections outlive the answer they carried: each is closed as soon as it falls idle.
const IDLE_CONNECTION_SWEEP_MS = 100;
const CONNECTION_GRACE_MS = 1_000;
const LISTED_REQUESTS = 10;
// Another instance takes the request; this one will not.
const RETRY_AFTER_SECONDS = 1;

const LIVENESS_PATH = '/health/live';

export interface GracefulShutdownOptions {
  /** How long the app keeps serving after the signal, closing each connection after its answer. */
  delayMs: number;
  /** How long it then has to finish its work. */
  timeoutMs: number;
}

type Phase =
  | 'leaving the load balancer'
  | 'finishing the requests in flight'
  | 'handing the actors over to other instances'
  | 'closing the HTTP server'
  | 'running the shutdown hooks (queues, workers, outbox, connections)'
  | 'exporting the last spans';

/**
 * Stops the app on SIGTERM or SIGINT, in an order that loses no request and no actor call:
 * 1. for SHUTDOWN_DELAY it serves as before, but closes each connection after its answer, so that
 *    clients reconnect through the load balancer, which meanwhile drops this instance;
 * 2. it answers new client requests 503 while it finishes those in flight; daprd's own calls (actor
 *    turns and deactivations, pub/sub deliveries) and liveness are still served;
 * 3. when daprd hosts actors for it, it answers liveness 503: daprd's app health check sees it, hands
 *    the actors back to placement (other instances take them) and deactivates them here, while the app
 *    still serves its calls; the app waits until daprd hosts none;
 * 4. it stops listening, runs Nest's shutdown hooks (queues, workers, the outbox, the sidecar's pool),
 *    exports the spans still batched when tracing, and exits 0; pino writes its buffer on exit.
 * Steps 2 to 4 have SHUTDOWN_TIMEOUT: past it the app logs what was still open and exits 1. A second
 * signal exits at once, with 128 + the signal's number.
 */
export class GracefulShutdown {
  private readonly logger = new Logger('Shutdown');
  private readonly inFlight = new Set<IncomingMessage>();
  private phase?: Phase;

  constructor(
    private readonly app: INestApplication,
    private readonly options: GracefulShutdownOptions,
  ) {
    // Registered before Nest's routes (and pino-http), so a refused request costs next to nothing.
    app.use((request: IncomingMessage, response: ServerResponse, next: () => void) =>
      this.admit(request, response, next),
    );
  }

  /** Takes over SIGTERM and SIGINT from Node's default (exit at once). */
  listen(): void {
    for (const signal of SIGNALS) process.on(signal, () => this.onSignal(signal));
  }

  private get server(): Server {
    return this.app.getHttpServer() as Server;
  }

  private admit(request: IncomingMessage, response: ServerResponse, next: () => void): void {
    if (this.phase === 'leaving the load balancer') response.setHeader('connection', 'close');
    else if (this.phase !== undefined && !this.servedWhileStopping(request.url ?? '')) {
      this.refuse(request, response);
      return;
    }
    this.inFlight.add(request);
    response.once('close', () => this.inFlight.delete(request));
    next();
  }

  // daprd's own calls, which requests in flight may wait for, and liveness while it keeps daprd hosting
  // the app's actors: the process still serves them.
  private servedWhileStopping(url: string): boolean {
    return (
      isSidecarCallback(url) ||
      (url.startsWith(LIVENESS_PATH) && this.phase !== 'handing the actors over to other instances')
    );
  }

  private refuse(request: IncomingMessage, response: ServerResponse): void {
    response.setHeader('connection', 'close');
    sendError(response, {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: 'ShuttingDown',
      message: 'this instance is shutting down; nothing was done, send the request again (to another instance)',
      correlationId: correlationIdOf(request),
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    });
  }

  private onSignal(signal: ShutdownSignal): void {
    if (this.phase === undefined) {
      void this.stop(signal);
      return;
    }
    this.logger.warn(
      { stillOpen: this.stillOpen() },
      `second ${signal} while ${this.phase}: exiting at once, leaving ${this.inFlight.size} request(s) unanswered`,
    );
    exitAfterLogs(128 + constants.signals[signal]);
  }

  private async stop(signal: ShutdownSignal): Promise<void> {
    const startedAt = Date.now();
    const { delayMs, timeoutMs } = this.options;
    if (delayMs > 0) {
      this.phase = 'leaving the load balancer';
      this.logger.log(
        `${signal}: serving ${delayMs} ms more (SHUTDOWN_DELAY), closing each connection after its answer`,
      );
      await sleep(delayMs);
    }
    const deadline = setTimeout(() => this.giveUp(), timeoutMs);
    this.phase = 'finishing the requests in flight';
    this.logger.log(
      `${signal}: shutting down within ${timeoutMs} ms; answering new requests 503, finishing ${this.inFlight.size} in flight`,
    );
    try {
      while (this.clientRequestsInFlight() > 0) await sleep(DRAIN_POLL_MS);
      await this.handOverActors();
      this.phase = 'closing the HTTP server';
      await this.closeServer();
      this.phase = 'running the shutdown hooks (queues, workers, outbox, connections)';
      await this.app.close();
      this.phase = 'exporting the last spans';
      await shutDownTracing();
    } catch (error) {
      this.logger.error({ err: error }, `shutdown failed while ${this.phase}: ${(error as Error).message}; exiting 1`);
      exitAfterLogs(1);
      return;
    }
    clearTimeout(deadline);
    this.logger.log(`stopped in ${Date.now() - startedAt} ms`);
    exitAfterLogs(0);
  }

  private clientRequestsInFlight(): number {
    return [...this.inFlight].filter((request) => !isSidecarCallback(request.url ?? '')).length;
  }

  private async handOverActors(): Promise<void> {
    const sidecar = this.app.get(DaprSidecar, { strict: false });
    const types = await this.hostedActorTypes(sidecar);
    if (types.length === 0) return;
    this.phase = 'handing the actors over to other instances';
    this.logger.log(
      `handing actor types ${types.join(', ')} over: answering ${LIVENESS_PATH} 503 until daprd hosts them no more`,
    );
    const handingOverAt = Date.now();
    while ((await this.hostedActorTypes(sidecar)).length > 0) await sleep(HANDOVER_POLL_MS);
    let quietSince = Date.now();
    while (Date.now() - quietSince < HANDOVER_QUIET_MS) {
      if (this.inFlight.size > 0) quietSince = Date.now();
      await sleep(DRAIN_POLL_MS);
    }
    this.logger.log(`actors handed over in ${Date.now() - handingOverAt} ms`);
  }

  // A sidecar that does not answer hosts nothing any more: it is gone, or going.
  private hostedActorTypes(sidecar: DaprSidecar): Promise<string[]> {
    return hostedActorTypes(sidecar, AbortSignal.timeout(HANDOVER_POLL_MS * 5)).catch(() => []);
  }

  private closeServer(): Promise<void> {
    return new Promise((resolve) => {
      const sweep = setInterval(() => this.server.closeIdleConnections(), IDLE_CONNECTION_SWEEP_MS);
      // A connection the sweep does not see as idle, with no request in flight, would hold the
      // shutdown until the keep-alive timeout (longer than daprd's, 100 s): closed after a grace.
      const force = setTimeout(() => this.server.closeAllConnections(), CONNECTION_GRACE_MS);
      // http.Server#close also drops every idle keep-alive connection at once, among them one whose
      // request has arrived but is not read yet: that request would fail without an answer. Stop
      // listening only; the sweep closes each connection once it has been idle for a moment.
      NetServer.prototype.close.call(this.server, () => {
        clearInterval(sweep);
        clearTimeout(force);
        resolve();
      });
    });
  }

  private giveUp(): void {
    const stillOpen = this.stillOpen();
    this.logger.error(
      { stillOpen },
      `shutdown did not finish within ${this.options.timeoutMs} ms (SHUTDOWN_TIMEOUT), stuck ${this.phase}${this.stuckHint()}; exiting 1 with ` +
        `${this.inFlight.size} request(s) unanswered and these still open: ${stillOpen.resources.join(', ') || 'nothing'}`,
    );
    exitAfterLogs(1);
  }

  private stuckHint(): string {
    return this.phase === 'handing the actors over to other instances'
      ? ` (daprd still hosts actors: its app health check must be on, --enable-app-health-check, and fail within SHUTDOWN_TIMEOUT)`
      : '';
  }

  private stillOpen(): { requests: string[]; resources: string[] } {
    return {
      requests: [...this.inFlight].slice(0, LISTED_REQUESTS).map((request) => `${request.method} ${request.url}`),
      resources: process.getActiveResourcesInfo(),
    };
  }
}

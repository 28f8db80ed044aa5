import { HttpStatus, Logger, type INestApplication } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import { constants } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { isSidecarCallback } from '@daca/dapr';
import { correlationIdOf, sendError } from '../errors/error-answer';
import { exitAfterLogs } from '../exit-after-logs';
import { shutDownTracing } from '../tracing/tracing-shutdown';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
type ShutdownSignal = (typeof SIGNALS)[number];

const DRAIN_POLL_MS = 50;
// Keep-alive connections outlive the answer they carried: each is closed as soon as it falls idle.
const IDLE_CONNECTION_SWEEP_MS = 100;
const CONNECTION_GRACE_MS = 1_000;
const LISTED_REQUESTS = 10;
// Another instance takes the request; this one will not.
const RETRY_AFTER_SECONDS = 1;

// daprd's own calls, which requests in flight may wait for, and liveness: the process still serves,
// and daprd's app health check (on /health/live) keeps the sidecar up until the app has stopped.
function servedWhileDraining(url: string): boolean {
  return isSidecarCallback(url) || url.startsWith('/health/live');
}

/**
 * Stops the app on SIGTERM or SIGINT within a deadline. First it answers new client requests 503 while
 * it finishes those in flight; daprd's own calls (actor turns and deactivations, pub/sub deliveries)
 * and liveness are still served. Then it stops listening, runs Nest's shutdown hooks (queues, workers,
 * the outbox, the sidecar's pool), exports the spans still batched when tracing, and exits 0; pino
 * writes its buffer on exit. Past the deadline it logs what was still open and exits 1; a second
 * signal exits at once, with 128 + the signal's number.
 */
export class GracefulShutdown {
  private readonly logger = new Logger('Shutdown');
  private readonly inFlight = new Set<IncomingMessage>();
  private phase?: string;

  constructor(
    private readonly app: INestApplication,
    private readonly timeoutMs: number,
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
    if (this.phase !== undefined && !servedWhileDraining(request.url ?? '')) {
      this.refuse(request, response);
      return;
    }
    this.inFlight.add(request);
    response.once('close', () => this.inFlight.delete(request));
    next();
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
    const deadline = setTimeout(() => this.giveUp(), this.timeoutMs);
    this.phase = 'finishing the requests in flight';
    this.logger.log(
      `${signal}: shutting down within ${this.timeoutMs} ms; answering new requests 503, finishing ${this.inFlight.size} in flight`,
    );
    try {
      while (this.inFlight.size > 0) await sleep(DRAIN_POLL_MS);
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
      `shutdown did not finish within ${this.timeoutMs} ms (SHUTDOWN_TIMEOUT), stuck ${this.phase}; exiting 1 with ` +
        `${this.inFlight.size} request(s) unanswered and these still open: ${stillOpen.resources.join(', ') || 'nothing'}`,
    );
    exitAfterLogs(1);
  }

  private stillOpen(): { requests: string[]; resources: string[] } {
    return {
      requests: [...this.inFlight].slice(0, LISTED_REQUESTS).map((request) => `${request.method} ${request.url}`),
      resources: process.getActiveResourcesInfo(),
    };
  }
}

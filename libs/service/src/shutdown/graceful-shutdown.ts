import { Logger, type INestApplication } from '@nestjs/common';
import type { IncomingMessage, Server } from 'node:http';
import { constants } from 'node:os';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
type ShutdownSignal = (typeof SIGNALS)[number];

// Keep-alive connections outlive the answer they carried: each is closed as soon as it falls idle.
const IDLE_CONNECTION_SWEEP_MS = 100;
const LISTED_REQUESTS = 10;

/**
 * Stops the app on SIGTERM or SIGINT within a deadline: no new connections, the requests in flight
 * answered, then Nest's shutdown hooks (queues, workers, the outbox, the sidecar's pool), then exit 0
 * (pino writes its buffer on exit). Past the deadline it logs what was still open and exits 1; a
 * second signal exits at once, with 128 + the signal's number.
 */
export class GracefulShutdown {
  private readonly logger = new Logger('Shutdown');
  private readonly inFlight = new Set<IncomingMessage>();
  private phase?: string;

  constructor(
    private readonly app: INestApplication,
    private readonly timeoutMs: number,
  ) {
    const server = this.server;
    server.on('request', (request: IncomingMessage, response) => {
      this.inFlight.add(request);
      response.once('close', () => this.inFlight.delete(request));
    });
  }

  /** Takes over SIGTERM and SIGINT from Node's default (exit at once). */
  listen(): void {
    for (const signal of SIGNALS) process.on(signal, () => this.onSignal(signal));
  }

  private get server(): Server {
    return this.app.getHttpServer() as Server;
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
    process.exit(128 + constants.signals[signal]);
  }

  private async stop(signal: ShutdownSignal): Promise<void> {
    const startedAt = Date.now();
    const deadline = setTimeout(() => this.giveUp(), this.timeoutMs);
    this.phase = 'finishing the requests in flight';
    this.logger.log(
      `${signal}: shutting down within ${this.timeoutMs} ms; taking no new requests, finishing ${this.inFlight.size} in flight`,
    );
    try {
      await this.closeServer();
      this.phase = 'running the shutdown hooks (queues, workers, outbox, connections)';
      await this.app.close();
    } catch (error) {
      this.logger.error({ err: error }, `shutdown failed while ${this.phase}: ${(error as Error).message}; exiting 1`);
      process.exit(1);
    }
    clearTimeout(deadline);
    this.logger.log(`stopped in ${Date.now() - startedAt} ms`);
    process.exit(0);
  }

  private closeServer(): Promise<void> {
    return new Promise((resolve) => {
      const sweep = setInterval(() => this.server.closeIdleConnections(), IDLE_CONNECTION_SWEEP_MS);
      this.server.close(() => {
        clearInterval(sweep);
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
    process.exit(1);
  }

  private stillOpen(): { requests: string[]; resources: string[] } {
    return {
      requests: [...this.inFlight].slice(0, LISTED_REQUESTS).map((request) => `${request.method} ${request.url}`),
      resources: process.getActiveResourcesInfo(),
    };
  }
}

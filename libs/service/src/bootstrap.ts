import type { Server } from 'node:http';
import type { ListenOptions } from 'node:net';
import { Logger as NestLogger, ValidationPipe, type INestApplication, type Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { ConfigValidationError, type AppTokenConfig, type ServiceConfig, type ShutdownConfig } from '@daca/config';
import { exitAfterLogs } from './exit-after-logs';
import { createHttpAdapter } from './http/http-adapter';
import { LoadShedder } from './load-shedding/load-shedder';
import { serveOpenApi } from './openapi/serve-openapi';
import { requireAppToken } from './security/app-token-check';
import { GracefulShutdown } from './shutdown/graceful-shutdown';

/**
 * Connections the kernel holds for the app until it accepts them (capped by net.core.somaxconn).
 * Node's default of 511 drops the rest of a larger burst, whose clients then wait a second to try
 * again: a deep queue lets the app answer them at once, if only to shed them. Nest's listen() has no
 * parameter for it, hence Node's own.
 */
const LISTEN_BACKLOG = 4_096;

export interface BootstrapOptions {
  /** Runs once the app is configured, before it listens: e.g. `connectDaprPubSub`. */
  beforeListen?: (app: INestApplication) => Promise<void>;
}

/** Starts a service module (which imports ServiceModule) on its configured port. */
export async function bootstrapService(module: Type<unknown>, options: BootstrapOptions = {}): Promise<void> {
  const adapter = createHttpAdapter();
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  }).catch((error: unknown) => {
    // A bad environment is the operator's to fix: say what to change, without a stack trace.
    if (!(error instanceof ConfigValidationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
  app.useLogger(app.get(Logger));
  const config = app.get(
    ConfigService<{ service: ServiceConfig; shutdown: ShutdownConfig; appToken: AppTokenConfig }, true>,
  );
  // First in line, before the body parser: a request refused while shutting down costs next to nothing.
  new GracefulShutdown(app, config.getOrThrow('shutdown', { infer: true })).listen();
  const { token: appToken } = config.getOrThrow('appToken', { infer: true });
  if (appToken !== undefined) requireAppToken(adapter.getInstance(), appToken);
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: true }),
  );
  await options.beforeListen?.(app);
  const service = config.getOrThrow('service', { infer: true });
  serveOpenApi(app, service.appId);
  await app.init();
  await adapter.getInstance().ready();
  const server = app.getHttpServer();
  app.get(LoadShedder).guard(server);
  await listen(server, { port: service.port, host: service.host, backlog: LISTEN_BACKLOG }).catch(
    (error: NodeJS.ErrnoException) => {
      // Through the logger, as one JSON line that says what to do, rather than a raw stack on stderr.
      const reason =
        error.code === 'EADDRINUSE'
          ? `port ${service.port} (APP_PORT) is in use by another process: stop it, or set APP_PORT to a free port`
          : `could not listen on ${service.host}:${service.port}: ${error.message}`;
      app.flushLogs();
      new NestLogger('Bootstrap').fatal({ err: error }, reason);
      exitAfterLogs(1);
    },
  );
  app.flushLogs();
}

function listen(server: Server, options: ListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

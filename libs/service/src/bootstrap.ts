import { ValidationPipe, type INestApplication, type Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { ConfigValidationError, type ServiceConfig, type ShutdownConfig } from '@daca/config';
import { BODY_LIMIT } from './body-limit';
import { GracefulShutdown } from './shutdown/graceful-shutdown';

export interface BootstrapOptions {
  /** Runs once the app is configured, before it listens: e.g. `connectDaprPubSub`. */
  beforeListen?: (app: INestApplication) => Promise<void>;
}

/** Starts a service module (which imports ServiceModule) on its configured port. */
export async function bootstrapService(module: Type<unknown>, options: BootstrapOptions = {}): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, abortOnError: false }).catch(
    (error: unknown) => {
      // A bad environment is the operator's to fix: say what to change, without a stack trace.
      if (!(error instanceof ConfigValidationError)) throw error;
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
  app.useLogger(app.get(Logger));
  // daprd delivers pub/sub events as application/cloudevents+json.
  app.useBodyParser('json', { limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: true }),
  );
  const config = app.get(ConfigService<{ service: ServiceConfig; shutdown: ShutdownConfig }, true>);
  new GracefulShutdown(app, config.getOrThrow('shutdown', { infer: true }).timeoutMs).listen();
  await options.beforeListen?.(app);
  const service = config.getOrThrow('service', { infer: true });
  await app.listen(service.port, service.host);
}

import { registerAs } from '@nestjs/config';
import { IsIn, IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { validateEnv } from './validate-env';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

class ServiceEnv {
  @IsString()
  @IsNotEmpty()
  APP_ID!: string;

  @IsInt()
  @Min(1)
  @Max(65535)
  APP_PORT!: number;

  @IsString()
  @IsNotEmpty()
  APP_HOST: string = '0.0.0.0';

  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** Requests served at once beyond which new ones are answered 503 at once (see LoadSheddingMiddleware). */
  @IsInt()
  @Min(1)
  MAX_REQUESTS_IN_FLIGHT: number = 128;
}

/** Identity, listening address, log level and load limit of a service: APP_ID and APP_PORT are required (dapr.yaml sets them). */
export const serviceConfig = registerAs('service', () => {
  const env = validateEnv('service', ServiceEnv);
  return {
    appId: env.APP_ID,
    port: env.APP_PORT,
    host: env.APP_HOST,
    logLevel: env.LOG_LEVEL,
    maxRequestsInFlight: env.MAX_REQUESTS_IN_FLIGHT,
  };
});

export type ServiceConfig = ReturnType<typeof serviceConfig>;

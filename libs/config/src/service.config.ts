import { registerAs } from '@nestjs/config';
import { IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { validateEnv } from './validate-env';

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
}

/** Identity and listening address of a service: APP_ID and APP_PORT are required (dapr.yaml sets them). */
export const serviceConfig = registerAs('service', () => {
  const env = validateEnv('service', ServiceEnv);
  return { appId: env.APP_ID, port: env.APP_PORT, host: env.APP_HOST };
});

export type ServiceConfig = ReturnType<typeof serviceConfig>;

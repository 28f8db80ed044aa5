import { registerAs } from '@nestjs/config';
import { validateEnv } from '@daca/config';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';

class DaprEnv {
  @IsString()
  @IsNotEmpty()
  DAPR_HOST: string = '127.0.0.1';

  @IsInt()
  @Min(1)
  @Max(65535)
  DAPR_HTTP_PORT!: number;

  /** Set when daprd requires an API token (its own DAPR_API_TOKEN). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  DAPR_API_TOKEN?: string;
}

/** Where the app's own sidecar listens, and its API token: DAPR_HTTP_PORT is required (daprd and dapr.yaml set it). */
export const daprConfig = registerAs('dapr', () => {
  const env = validateEnv('dapr', DaprEnv);
  return { sidecarUrl: `http://${env.DAPR_HOST}:${env.DAPR_HTTP_PORT}`, apiToken: env.DAPR_API_TOKEN };
});

export type DaprConfig = ReturnType<typeof daprConfig>;

import { registerAs } from '@nestjs/config';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';
import { validateEnv } from './validate-env';

class RedisEnv {
  @IsString()
  @IsNotEmpty()
  REDIS_HOST: string = '127.0.0.1';

  @IsInt()
  @Min(1)
  @Max(65535)
  REDIS_PORT: number = 6379;

  /** The stack's own (npm start, the e2e harness), or a Secret's on Kubernetes: the one its sidecars read. */
  @IsOptional()
  @IsString()
  REDIS_PASSWORD?: string;
}

/**
 * The Redis that apps use directly (BullMQ queues), with its password; the stack passes the one its
 * components use. An empty or unset REDIS_PASSWORD is a Redis that asks for none.
 */
export const redisConfig = registerAs('redis', () => {
  const env = validateEnv('redis', RedisEnv);
  return { host: env.REDIS_HOST, port: env.REDIS_PORT, password: env.REDIS_PASSWORD || undefined };
});

export type RedisConfig = ReturnType<typeof redisConfig>;

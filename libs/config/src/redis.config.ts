import { registerAs } from '@nestjs/config';
import { IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { validateEnv } from './validate-env';

class RedisEnv {
  @IsString()
  @IsNotEmpty()
  REDIS_HOST: string = '127.0.0.1';

  @IsInt()
  @Min(1)
  @Max(65535)
  REDIS_PORT: number = 6379;
}

/** The Redis that apps use directly (BullMQ queues); the stack passes the one its components use. */
export const redisConfig = registerAs('redis', () => {
  const env = validateEnv('redis', RedisEnv);
  return { host: env.REDIS_HOST, port: env.REDIS_PORT };
});

export type RedisConfig = ReturnType<typeof redisConfig>;

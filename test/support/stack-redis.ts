import Redis from 'ioredis';
import type { E2eStack } from './e2e-stack';

/** A client of the stack's own Redis, logged in with the run's password: to read the store itself. */
export function stackRedis(e2e: E2eStack): Redis {
  return new Redis({ port: e2e.definition.redisPort, host: '127.0.0.1', password: e2e.redisPassword });
}

/** Where a Redis server listens. */
export interface RedisAddress {
  host: string;
  port: number;
}

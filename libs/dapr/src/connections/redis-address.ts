/** Where a Redis server listens, and the password it asks for. */
export interface RedisAddress {
  host: string;
  port: number;
  /** Sent with AUTH on every connection; unset for a Redis that asks for none. */
  password?: string;
}

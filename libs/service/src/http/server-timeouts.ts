/**
 * How long the HTTP server waits on a client, set deliberately rather than left at Node's defaults
 * (60 s for headers, 300 s for the whole request, 5 s of keep-alive, checked every 30 s).
 */
export const SERVER_TIMEOUTS = {
  /** The request's head must arrive within this: a client trickling headers (slowloris) is cut off with a 408. */
  headersTimeoutMs: 10_000,
  /**
   * The whole request, body included (at most BODY_LIMIT, 64 KiB), must arrive within this: a client
   * trickling its body holds a connection and a parser for no more than that. It bounds receiving
   * only, not the answer: a chat turn may take up to ACTOR_CALL_TIMEOUT (60 s) to answer.
   */
  requestTimeoutMs: 20_000,
  /**
   * daprd keeps its idle connections to the app for 90 s (Go's default, in daprd 1.18's app channel);
   * Node closes its side after 5 s, and daprd reusing one as it closes fails an actor call with
   * "connection reset by peer" (a 502 here, a failure for daprd's circuit breaker). Close after daprd.
   */
  keepAliveTimeoutMs: 100_000,
  /**
   * No idle timeout on a connection while its request is served (Fastify's connectionTimeout 0): a
   * route waits without socket activity for as long as its own deadline (an actor call, a relayed chat
   * turn of up to 65 s, retried), which a socket timeout would cut short. Slow clients are bounded by
   * the two timeouts above, idle connections by keepAliveTimeoutMs.
   */
  connectionTimeoutMs: 0,
  /** How often Node checks the headers and request timeouts: at its default of 30 s, a 10 s timeout could take 40. */
  checkIntervalMs: 1_000,
} as const;

import { Client, type Dispatcher } from 'undici';

/** One request of a burst. */
export interface BurstRequest {
  /** What tells the answers apart, e.g. the message content. */
  label: string;
  method: string;
  /** Path and query, e.g. /chat/alice */
  path: string;
  /** A JSON body. */
  body?: unknown;
}

/** One request of a burst, as its client saw it. */
export interface BurstAnswer {
  label: string;
  /** 0 when the connection failed or closed without an answer. */
  status: number;
  /** From connecting to the whole answer read, in ms. */
  ms: number;
  retryAfter?: string;
  body: unknown;
}

/** What a burst did: every answer, and how long until the last one. */
export interface BurstResult {
  answers: BurstAnswer[];
  totalMs: number;
}

/**
 * Sends every request at once, each on its own connection (an undici Client each), and waits for every
 * answer. The connections are opened first and each has served a request already, as a gateway's
 * keep-alive connections have: a request's time runs from its first byte to the last of its answer,
 * and measures the server, not the TCP handshakes of thousands of connections opened at once (nor
 * fetch's own cost, about a millisecond per request, which would put the client's queue into every
 * figure).
 */
export async function burst(baseUrl: string, requests: BurstRequest[]): Promise<BurstResult> {
  const clients: Client[] = [];
  try {
    for (let opened = 0; opened < requests.length; opened += OPEN_AT_ONCE) {
      const batch = Math.min(OPEN_AT_ONCE, requests.length - opened);
      clients.push(...(await Promise.all(Array.from({ length: batch }, () => inUse(baseUrl)))));
    }
    const started = performance.now();
    const answers = await Promise.all(requests.map((request, index) => send(clients[index], request)));
    return { answers, totalMs: performance.now() - started };
  } finally {
    await Promise.all(clients.map((client) => client.destroy()));
  }
}

// Connections opened together: thousands of SYNs at once overflow the listener's SYN queue.
const OPEN_AT_ONCE = 200;

/** A keep-alive connection that has been accepted and has answered a request. */
async function inUse(baseUrl: string): Promise<Client> {
  const client = new Client(baseUrl);
  await (await client.request({ method: 'GET', path: '/health/live' })).body.dump();
  return client;
}

async function send(client: Client, { label, method, path, body }: BurstRequest): Promise<BurstAnswer> {
  const sent = performance.now();
  try {
    const answer = await client.request({
      method: method as Dispatcher.HttpMethod,
      path,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.body.text();
    const retryAfter = answer.headers['retry-after'];
    return {
      label,
      ms: performance.now() - sent,
      status: answer.statusCode,
      retryAfter: Array.isArray(retryAfter) ? retryAfter.join(', ') : retryAfter,
      body: bodyOf(text),
    };
  } catch (error) {
    return { label, ms: performance.now() - sent, status: 0, body: String(error) };
  }
}

/** JSON as parsed, anything else (an HTML error page, say) as text. */
function bodyOf(content: string): unknown {
  if (content.length === 0) return undefined;
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return content;
  }
}

/** How many answers had each status, e.g. { 200: 1412, 503: 588 }. */
export function countByStatus(answers: BurstAnswer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** The `fraction` quantile (0…1) of `values`, nearest rank. */
export function quantile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? NaN;
}

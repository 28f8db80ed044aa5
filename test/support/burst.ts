import { connect, type Socket } from 'node:net';

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
 * Sends every request at once, each on its own connection, and waits for every answer. The
 * connections are opened first and each has served a request already, as a gateway's keep-alive
 * connections have: a request's time runs from its first byte to the last of its answer, and
 * measures the server, not the TCP handshakes of thousands of connections opened at once. Requests
 * are written as raw HTTP/1.1 with `connection: close` and read until the server closes: a client this
 * thin writes thousands of requests within a few milliseconds on a small machine (fetch spends about
 * a millisecond per request, which would put the client's own queue into every figure).
 */
export async function burst(baseUrl: string, requests: BurstRequest[]): Promise<BurstResult> {
  const { hostname, port } = new URL(baseUrl);
  const sockets: Socket[] = [];
  for (let opened = 0; opened < requests.length; opened += OPEN_AT_ONCE) {
    const batch = Math.min(OPEN_AT_ONCE, requests.length - opened);
    sockets.push(...(await Promise.all(Array.from({ length: batch }, () => inUse(hostname, Number(port))))));
  }
  const started = performance.now();
  const answers = await Promise.all(requests.map((request, index) => send(sockets[index], request)));
  return { answers, totalMs: performance.now() - started };
}

// Connections opened together: thousands of SYNs at once overflow the listener's SYN queue.
const OPEN_AT_ONCE = 200;
const PRIMING_REQUEST = 'GET /health/live HTTP/1.1\r\nhost: burst\r\n\r\n';

/** A keep-alive connection that has been accepted and has answered a request. */
function inUse(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const socket = connect({ host, port }, () => socket.write(PRIMING_REQUEST));
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const headEnd = received.indexOf('\r\n\r\n');
      const length = /content-length: *(\d+)/i.exec(received.subarray(0, headEnd).toString());
      if (headEnd < 0 || !length || received.length < headEnd + 4 + Number(length[1])) return;
      socket.off('data', onData);
      socket.off('error', reject);
      resolve(socket);
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

function send(socket: Socket, { label, method, path, body }: BurstRequest): Promise<BurstAnswer> {
  const payload = body === undefined ? '' : JSON.stringify(body);
  const head =
    `${method} ${path} HTTP/1.1\r\nhost: ${socket.remoteAddress}:${socket.remotePort}\r\nconnection: close\r\n` +
    (body === undefined ? '' : `content-type: application/json\r\n`) +
    `content-length: ${Buffer.byteLength(payload)}\r\n\r\n`;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ label, ms: performance.now() - sent, ...parse(Buffer.concat(chunks)) }));
    const sent = performance.now();
    socket.write(head + payload);
  });
}

function parse(raw: Buffer): Pick<BurstAnswer, 'status' | 'retryAfter' | 'body'> {
  const text = raw.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) return { status: 0, body: text };
  const [statusLine, ...headerLines] = text.slice(0, split).split('\r\n');
  const headers = new Map(
    headerLines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  const content = unchunked(text.slice(split + 4), headers.get('transfer-encoding') === 'chunked');
  return {
    status: Number(statusLine.split(' ')[1]),
    retryAfter: headers.get('retry-after'),
    body: bodyOf(content),
  };
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

function unchunked(content: string, chunked: boolean): string {
  if (!chunked) return content;
  let rest = content;
  let joined = '';
  for (let size = parseInt(rest, 16); size > 0; size = parseInt(rest, 16)) {
    const start = rest.indexOf('\r\n') + 2;
    joined += rest.slice(start, start + size);
    rest = rest.slice(start + size + 2);
  }
  return joined;
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

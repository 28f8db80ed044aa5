import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  body: unknown;
  /** How long the server took to answer and close the connection. */
  elapsedMs: number;
}

/**
 * Sends `request` as raw bytes (whatever a client could send, malformed or incomplete) to the server
 * at `url` and reads the answer until the server closes the connection; a JSON body is parsed. For
 * requests a fetch client cannot make: a trickled body, broken framing, oversized headers.
 */
export function rawExchange(url: string, request: string, timeoutMs = 30_000): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to a raw request within ${timeoutMs} ms from ${url}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const rawBody = text.slice(text.indexOf('\r\n\r\n') + 4);
      let body: unknown = rawBody;
      try {
        body = JSON.parse(rawBody);
      } catch {
        // Not JSON: kept as text for the assertion to show.
      }
      resolve({ status, body, elapsedMs: Date.now() - startedAt });
    });
    socket.write(request);
  });
}

import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorBody } from '../errors/error-answer';
import { SERVER_TIMEOUTS } from './server-timeouts';

/**
 * Answers what Node's HTTP parser refuses before any route or hook runs (a request not received in
 * time, headers too large, a malformed request) with the ErrorBody every other error has, a reason
 * and what to do, instead of Fastify's bare "Client Error"; then closes the connection, as Node does.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const body = errorBody(error);
    const json = JSON.stringify(body);
    socket.write(
      `HTTP/1.1 ${body.statusCode} ${body.error}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nx-correlation-id: ${body.correlationId}\r\n\r\n${json}`,
    );
  }
  socket.destroy(error);
}

function errorBody(error: NodeJS.ErrnoException): ErrorBody {
  const [statusCode, message] = reasonOf(error);
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Bad Request', message, correlationId: randomUUID() };
}

function reasonOf(error: NodeJS.ErrnoException): [number, string] {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [
        408,
        `the request was not received in time (headers within ${SERVER_TIMEOUTS.headersTimeoutMs / 1000} s, ` +
          `the whole request within ${SERVER_TIMEOUTS.requestTimeoutMs / 1000} s): send it at once`,
      ];
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'request headers larger than 16 KiB: send fewer or shorter headers'];
    default:
      return [400, `malformed HTTP request (${error.code ?? error.message}): send a valid HTTP/1.1 request`];
  }
}

import { Logger } from '@nestjs/common';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceConfig } from '@daca/config';
import { MetricsRegistry } from '@daca/metrics';
import { LoadShedder } from './load-shedder';

const service = (maxRequestsInFlight: number): ServiceConfig => ({
  appId: 'test-app',
  port: 0,
  host: '127.0.0.1',
  logLevel: 'silent',
  maxRequestsInFlight,
});

describe('LoadShedder', () => {
  let server: Server;
  let registry: MetricsRegistry;
  /** Requests the app holds unanswered until the test lets them go. */
  const held: ServerResponse[] = [];
  const url = (path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;

  // The shedder's warning is the point of a report, not of these tests.
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  beforeEach(async () => {
    registry = new MetricsRegistry();
    server = createServer((request, response) => {
      if (request.url === '/hold') held.push(response);
      else response.end('served');
    });
    new LoadShedder(service(2), registry).guard(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    for (const response of held.splice(0)) response.end();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const holdTwo = async () => {
    const holding = [fetch(url('/hold')), fetch(url('/hold'))];
    while (held.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    return holding;
  };

  it('answers 503 with Retry-After and the error shape at once when the limit is being served', async () => {
    const holding = await holdTwo();
    const refused = await fetch(url('/chat/alice'), { headers: { 'x-correlation-id': 'c-1' } });

    expect([refused.status, refused.headers.get('retry-after'), refused.headers.get('x-correlation-id')]).toEqual([
      503,
      '1',
      'c-1',
    ]);
    expect(await refused.json()).toEqual({
      statusCode: 503,
      error: 'ServiceOverloaded',
      message:
        'this app is already serving 2 requests (its MAX_REQUESTS_IN_FLIGHT); nothing was done, try again in 1 s',
      correlationId: 'c-1',
      retryAfterSeconds: 1,
    });
    const metrics = await registry.getMetricsAsJSON();
    expect(metrics.map(({ name, values }) => [name, values.map(({ value }) => value)])).toEqual([
      ['daca_http_requests_in_flight', [2]],
      ['daca_http_requests_shed_total', [1]],
    ]);
    for (const response of held.splice(0)) response.end();
    await Promise.all(holding);
  });

  it("never sheds health, metrics or daprd's callbacks", async () => {
    const holding = await holdTwo();
    for (const path of ['/health/ready', '/metrics', '/actors/ChatAgent/a/method/Get', '/dapr/config']) {
      const answer = await fetch(url(path));
      expect([path, answer.status, await answer.text()]).toEqual([path, 200, 'served']);
    }
    for (const response of held.splice(0)) response.end();
    await Promise.all(holding);
  });

  it('admits again once a request has been answered', async () => {
    const holding = await holdTwo();
    expect((await fetch(url('/chat/alice'))).status).toBe(503);
    held.shift()?.end();
    await holding[0];
    const admitted = await fetch(url('/chat/alice'));
    expect([admitted.status, await admitted.text()]).toEqual([200, 'served']);
    for (const response of held.splice(0)) response.end();
    await holding[1];
  });
});

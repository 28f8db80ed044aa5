import Fastify, { type FastifyInstance } from 'fastify';
import { requireAppToken } from './app-token-check';

describe('requireAppToken', () => {
  let app: FastifyInstance;
  let served: string[];

  beforeEach(async () => {
    served = [];
    app = Fastify({ genReqId: () => 'req-1' });
    requireAppToken(app, 'secret');
    for (const url of ['/actors/:type/:id/method/:method', '/dapr/config', '/chat/:id', '/health/live']) {
      app.route({
        method: 'PUT',
        url,
        handler: (request, reply) => {
          served.push(request.url);
          void reply.send({ ok: true });
        },
      });
    }
    await app.ready();
  });

  afterEach(() => app.close());

  const call = (url: string, token?: string) =>
    app.inject({ method: 'PUT', url, headers: token === undefined ? {} : { 'dapr-api-token': token } });

  it("refuses daprd's routes without the token, in the service's error shape, before any handler runs", async () => {
    const refused = await call('/actors/ChatAgent/x/method/ProcessMessage');
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: "only daprd calls this route: send the app token (daprd's APP_API_TOKEN) in the dapr-api-token header",
      correlationId: 'req-1',
    });
    expect((await call('/dapr/config', 'wrong')).statusCode).toBe(401);
    expect(served).toEqual([]);
  });

  it('checks the route Fastify matched, so an encoded path is no way around it', async () => {
    expect((await call('/%61ctors/ChatAgent/x/method/ProcessMessage')).statusCode).toBe(401);
    expect(served).toEqual([]);
  });

  it("serves daprd's routes with the token", async () => {
    expect((await call('/actors/ChatAgent/x/method/ProcessMessage', 'secret')).statusCode).toBe(200);
    expect((await call('/dapr/config', 'secret')).statusCode).toBe(200);
  });

  it('leaves the REST API and health open', async () => {
    expect((await call('/chat/x')).statusCode).toBe(200);
    expect((await call('/health/live')).statusCode).toBe(200);
  });
});

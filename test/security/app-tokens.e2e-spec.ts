import { startE2eStack, type E2eStack } from '../support/e2e-stack';

const correlationId = 'no-token';
const UNAUTHORIZED = {
  status: 401,
  body: {
    statusCode: 401,
    error: 'Unauthorized',
    message: "only daprd calls this route: send the app token (daprd's APP_API_TOKEN) in the dapr-api-token header",
    correlationId,
  },
};

async function answer(url: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text.length > 0 ? (JSON.parse(text) as unknown) : undefined };
}

describe('app and sidecar authenticate each other with APP_API_TOKEN and DAPR_API_TOKEN', () => {
  let e2e: E2eStack;
  const chatAgent = () => e2e.app('chat-agent');

  beforeAll(async () => {
    e2e = await startE2eStack();
  });

  afterAll(() => e2e?.stop());

  describe("daprd's routes on the app port", () => {
    const processMessage = (headers: Record<string, string>) =>
      answer(`${chatAgent().url}/actors/ChatAgent/intruded/method/ProcessMessage`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId, ...headers },
        body: JSON.stringify({ role: 'user', content: 'let me in' }),
      });

    it('refuse an actor call without the app token, or with another one, and leave the actor untouched', async () => {
      expect(await processMessage({})).toEqual(UNAUTHORIZED);
      expect(await processMessage({ 'dapr-api-token': e2e.tokens.DAPR_API_TOKEN })).toEqual(UNAUTHORIZED);
      expect(await answer(`${chatAgent().url}/chat/intruded/history`)).toEqual({ status: 200, body: { history: [] } });
    });

    it.each([
      ['PUT', '/actors/ChatAgent/intruded/method/remind/history-reminder'],
      ['PUT', '/actors/ChatAgent/intruded/method/timer/tick'],
      ['DELETE', '/actors/ChatAgent/intruded'],
      ['GET', '/dapr/config'],
      ['GET', '/dapr/subscribe'],
      ['POST', '/dapr/pubsub/daca-pubsub/user-chat'],
      ['PUT', '/%61ctors/ChatAgent/intruded/method/ProcessMessage'],
    ])('refuse %s %s without the app token', async (method, path) => {
      expect(
        await answer(`${chatAgent().url}${path}`, { method, headers: { 'x-correlation-id': correlationId } }),
      ).toEqual(UNAUTHORIZED);
    });

    it('serve daprd, which sends the token: a chat turn, an invocation, a relayed chat', async () => {
      expect(
        await answer(`${chatAgent().url}/chat/welcome`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ role: 'user', content: 'hello' }),
        }),
      ).toEqual({ status: 200, body: { response: { role: 'assistant', content: 'Got your message: hello' } } });
      expect(await answer(`${e2e.app('caller-app').url}/call-greet/Alice`)).toEqual({
        status: 200,
        body: { message: 'Hello, Alice from callee-app!' },
      });
      expect(
        await answer(`${e2e.app('caller-app').url}/call-chat/welcome`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ role: 'user', content: 'again' }),
        }),
      ).toEqual({ status: 200, body: { response: { role: 'assistant', content: 'Got your message: again' } } });
    });

    it('leave the public routes open: health and metrics', async () => {
      expect((await fetch(`${chatAgent().url}/health/live`)).status).toBe(200);
      expect((await fetch(`${chatAgent().url}/metrics`)).status).toBe(200);
    });
  });

  describe("daprd's API", () => {
    it('refuses a call without the API token with 401', async () => {
      const response = await fetch(`${chatAgent().sidecarUrl}/v1.0/actors/ChatAgent/welcome/state/history-welcome`);
      expect(response.status).toBe(401);
      expect(await response.text()).toBe('invalid api token\n');
    });

    it('answers a call with it, and its health check without it', async () => {
      const { sidecarUrl, sidecarHeaders } = chatAgent();
      const state = await fetch(`${sidecarUrl}/v1.0/actors/ChatAgent/welcome/state/history-welcome`, {
        headers: sidecarHeaders,
      });
      expect(state.status).toBe(200);
      expect(((await state.json()) as unknown[]).length).toBe(4);
      expect((await fetch(`${sidecarUrl}/v1.0/healthz`)).status).toBe(204);
    });
  });
});

import { startE2eStack, type E2eStack } from '../support/e2e-stack';

/** A service invocation through `from`'s sidecar, as its app would make it: status and whole body. */
async function invoke(
  e2e: E2eStack,
  from: string,
  to: string,
  method: string,
  init: RequestInit = {},
): Promise<{ status: number; body: unknown }> {
  const { sidecarUrl, sidecarHeaders } = e2e.app(from);
  const response = await fetch(`${sidecarUrl}/v1.0/invoke/${to}/method/${method}`, {
    ...init,
    headers: { ...sidecarHeaders, 'content-type': 'application/json' },
  });
  return { status: response.status, body: await response.json() };
}

const denied = (from: string, method: string, verb: string) => ({
  status: 403,
  body: {
    errorCode: 'ERR_DIRECT_INVOKE',
    message: expect.stringContaining(
      `access control policy has denied access to id: spiffe://public/ns/default/${from} operation: ${method} verb: ${verb}`,
    ),
  },
});

const chatMessage = { method: 'POST', body: JSON.stringify({ role: 'user', content: 'hi' }) };

describe('access control: only caller-app invokes, and only GET /greet/* and POST /chat/*', () => {
  let e2e: E2eStack;

  beforeAll(async () => {
    e2e = await startE2eStack();
  });

  afterAll(() => e2e?.stop());

  it('lets caller-app greet callee-app and relay a chat message to chat-agent', async () => {
    expect(await invoke(e2e, 'caller-app', 'callee-app', 'greet/Ann')).toEqual({
      status: 200,
      body: { message: 'Hello, Ann from callee-app!' },
    });
    expect(await invoke(e2e, 'caller-app', 'chat-agent', 'chat/acl', chatMessage)).toEqual({
      status: 200,
      body: { response: { role: 'assistant', content: 'Got your message: hi' } },
    });
  });

  it('refuses caller-app another verb or another method with 403, before the app sees it', async () => {
    expect(await invoke(e2e, 'caller-app', 'callee-app', 'greet/Ann', { method: 'POST' })).toEqual(
      denied('caller-app', 'greet/Ann', 'POST'),
    );
    expect(await invoke(e2e, 'caller-app', 'callee-app', 'health/ready')).toEqual(
      denied('caller-app', 'health/ready', 'GET'),
    );
    expect(await invoke(e2e, 'caller-app', 'chat-agent', 'chat/acl/history')).toEqual(
      denied('caller-app', 'chat/acl/history', 'GET'),
    );
  });

  it('refuses any other app id with 403', async () => {
    expect(await invoke(e2e, 'chat-agent', 'callee-app', 'greet/Ann')).toEqual(
      denied('chat-agent', 'greet/Ann', 'GET'),
    );
    expect(await invoke(e2e, 'callee-app', 'chat-agent', 'chat/acl', chatMessage)).toEqual(
      denied('callee-app', 'chat/acl', 'POST'),
    );
  });

  it('still lets an app invoke itself through its own sidecar', async () => {
    const answer = await invoke(e2e, 'callee-app', 'callee-app', 'health/ready');
    expect(answer.status).toBe(200);
  });
});

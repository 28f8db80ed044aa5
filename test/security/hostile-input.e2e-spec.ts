import { startE2eStack, type E2eStack } from '../support/e2e-stack';

/** An answer as a client sees it: status, and the whole JSON body. */
async function answer(url: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, init);
  return { status: response.status, body: await response.json() };
}

const correlationId = 'hostile-input';
const jsonPost = (body: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId },
  body,
});
const nestedArrays = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObjects = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const TOO_DEEP = {
  status: 400,
  body: {
    statusCode: 400,
    error: 'Bad Request',
    message: 'JSON body nested deeper than 64 levels of arrays and objects',
    correlationId,
  },
};

describe('hostile input is answered 4xx with a reason, never 5xx', () => {
  let e2e: E2eStack;

  beforeAll(async () => {
    e2e = await startE2eStack();
  });

  afterAll(() => e2e?.stop());

  it('POST /chat/{id} with 5,000 nested arrays or objects: 400, before any validation walks it', async () => {
    const chat = `${e2e.app('chat-agent').url}/chat/deep`;
    expect(await answer(chat, jsonPost(nestedArrays(5_000)))).toEqual(TOO_DEEP);
    expect(await answer(chat, jsonPost(nestedObjects(5_000)))).toEqual(TOO_DEEP);
    expect(await answer(`${e2e.app('chat-agent').url}/chat/deep/history`)).toEqual({
      status: 200,
      body: { history: [] },
    });
  });

  it("caller's relay refuses the same body itself", async () => {
    expect(await answer(`${e2e.app('caller-app').url}/call-chat/deep`, jsonPost(nestedArrays(5_000)))).toEqual(
      TOO_DEEP,
    );
  });

  it('accepts a message nested within the limit, and answers its validation error', async () => {
    const shallow = JSON.stringify({ role: 'user', content: 'hi', extra: JSON.parse(nestedArrays(60)) as unknown });
    expect(await answer(`${e2e.app('chat-agent').url}/chat/shallow`, jsonPost(shallow))).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: 'property extra should not exist', correlationId },
    });
  });

  it('GET /greet/%00 on callee: 400 by the rule caller applies to the names it passes on', async () => {
    const refused = {
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: "name must be 1 to 64 letters, digits, spaces or . _ ' -",
        correlationId,
      },
    };
    const headers = { 'x-correlation-id': correlationId };
    expect(await answer(`${e2e.app('callee-app').url}/greet/%00`, { headers })).toEqual(refused);
    expect(await answer(`${e2e.app('caller-app').url}/call-greet/%00`, { headers })).toEqual(refused);
    expect(await answer(`${e2e.app('callee-app').url}/greet/Zoë`)).toEqual({
      status: 200,
      body: { message: 'Hello, Zoë from callee-app!' },
    });
  });
});

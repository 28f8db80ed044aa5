import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { rawExchange } from '../support/raw-http';

type AppId = 'chat-agent' | 'callee-app' | 'caller-app';

/** One bad input: where it goes, and the 4xx and reason it must get. */
interface BadInput {
  app: AppId;
  what: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  reason: string | RegExp;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const nestedArrays = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObjects = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const message = (fields: Record<string, unknown>): string => JSON.stringify({ role: 'user', content: 'hi', ...fields });
const TOO_DEEP = 'JSON body nested deeper than 64 levels of arrays and objects';
const TOO_LARGE = 'request body larger than 64kb';
const NOT_JSON = 'body is not valid JSON, or has a __proto__ or constructor.prototype key';
const ROLE = 'role must be one of user, assistant, system';
const ACTOR_ID = 'actorId must be 1 to 128 letters, digits or . _ ~ -';
const NAME = "name must be 1 to 64 letters, digits, spaces or . _ ' -";
const JOB_ID = 'id must be a job id as returned by POST /call-greet/{name}/jobs';
const APP_TOKEN = "only daprd calls this route: send the app token (daprd's APP_API_TOKEN)";
// Longer than SERVER_TIMEOUTS.requestTimeoutMs (20 s).
const SLOW_ANSWER_MS = 22_000;
const UNSUPPORTED_TYPE = /a body of type .* is not accepted here: send application\/json/;

/** A chat message sent to chat-agent's POST /chat/{id} and, the same, through caller's relay. */
function chatBodies(
  what: string,
  body: string,
  status: number,
  reason: string | RegExp,
  headers = JSON_TYPE,
): BadInput[] {
  return [
    { app: 'chat-agent', what, method: 'POST', path: '/chat/hostile', headers, body, status, reason },
    {
      app: 'caller-app',
      what: `${what} (relayed)`,
      method: 'POST',
      path: '/call-chat/hostile',
      headers,
      body,
      status,
      reason,
    },
  ];
}

/** A name on callee's GET /greet/{name}, caller's GET /call-greet/{name} and POST /call-greet/{name}/jobs. */
function names(what: string, name: string): BadInput[] {
  const reason = NAME;
  return [
    { app: 'callee-app', what, path: `/greet/${name}`, status: 400, reason },
    { app: 'caller-app', what, path: `/call-greet/${name}`, status: 400, reason },
    {
      app: 'caller-app',
      what: `${what}, as a job`,
      method: 'POST',
      path: `/call-greet/${name}/jobs`,
      status: 400,
      reason,
    },
  ];
}

const BAD_INPUTS: BadInput[] = [
  ...chatBodies('5,000 nested arrays', nestedArrays(5_000), 400, TOO_DEEP),
  ...chatBodies('5,000 nested objects', nestedObjects(5_000), 400, TOO_DEEP),
  ...chatBodies('malformed JSON', '{"role": "user", "content": ', 400, NOT_JSON),
  ...chatBodies('a __proto__ key', '{"__proto__": {"admin": true}, "role": "user", "content": "hi"}', 400, NOT_JSON),
  ...chatBodies('a body over 64 KiB', message({ content: 'x'.repeat(70_000) }), 413, TOO_LARGE),
  ...chatBodies('text/plain', 'hello', 415, UNSUPPORTED_TYPE, { 'content-type': 'text/plain' }),
  ...chatBodies('a form', 'role=user&content=hi', 415, UNSUPPORTED_TYPE, {
    'content-type': 'application/x-www-form-urlencoded',
  }),
  ...chatBodies('no role', JSON.stringify({ content: 'hi' }), 400, ROLE),
  ...chatBodies('an unknown role', message({ role: 'admin' }), 400, ROLE),
  ...chatBodies('content that is not a string', message({ content: 42 }), 400, 'content must be a string'),
  ...chatBodies('empty content', message({ content: '' }), 400, 'content should not be empty'),
  ...chatBodies(
    'content over 8,000 characters',
    message({ content: 'x'.repeat(8_001) }),
    400,
    'content must be shorter',
  ),
  ...chatBodies('an extra property', message({ extra: 1 }), 400, 'property extra should not exist'),
  ...chatBodies('an array', '[{"role": "user", "content": "hi"}]', 400, 'property 0 should not exist'),
  ...chatBodies('null', 'null', 400, ROLE),
  {
    app: 'chat-agent',
    what: 'an actor id over 128 characters',
    path: `/chat/${'a'.repeat(129)}/history`,
    status: 400,
    reason: ACTOR_ID,
  },
  { app: 'chat-agent', what: 'an actor id with a space', path: '/chat/a%20b/history', status: 400, reason: ACTOR_ID },
  {
    app: 'chat-agent',
    what: 'an actor id with an encoded slash',
    path: '/chat/a%2Fb/history',
    status: 400,
    reason: ACTOR_ID,
  },
  {
    app: 'chat-agent',
    what: 'an actor id with NUL',
    method: 'POST',
    path: '/chat/%00/analyze',
    status: 400,
    reason: ACTOR_ID,
  },
  {
    app: 'caller-app',
    what: 'a relayed actor id with ..',
    method: 'POST',
    path: '/call-chat/..%2F..%2Fadmin',
    headers: JSON_TYPE,
    body: message({}),
    status: 400,
    reason: ACTOR_ID,
  },
  {
    app: 'chat-agent',
    what: 'an unknown fault kind',
    path: '/faults/disk',
    status: 400,
    reason: 'kind must be one of: state, events, publish',
  },
  {
    app: 'chat-agent',
    what: 'a fractional failNext',
    method: 'PUT',
    path: '/faults/state',
    headers: JSON_TYPE,
    body: '{"failNext": 1.5}',
    status: 400,
    reason: 'failNext must be an integer number',
  },
  {
    app: 'chat-agent',
    what: 'a negative failNext',
    method: 'PUT',
    path: '/faults/state',
    headers: JSON_TYPE,
    body: '{"failNext": -1}',
    status: 400,
    reason: 'failNext must not be less than 0',
  },
  {
    app: 'chat-agent',
    what: 'fault injection while it is off',
    method: 'PUT',
    path: '/faults/state',
    headers: JSON_TYPE,
    body: '{"failNext": 1}',
    status: 403,
    reason: 'fault injection is off',
  },
  {
    app: 'chat-agent',
    what: 'an actor turn without the app token',
    method: 'PUT',
    path: '/actors/ChatAgent/x/method/ProcessMessage',
    headers: JSON_TYPE,
    body: message({}),
    status: 401,
    reason: APP_TOKEN,
  },
  {
    app: 'chat-agent',
    what: '/dapr/config without the app token',
    path: '/dapr/config',
    status: 401,
    reason: APP_TOKEN,
  },
  {
    app: 'chat-agent',
    what: 'an event delivery without the app token',
    method: 'POST',
    path: '/dapr/pubsub/daca-pubsub/user-chat',
    headers: JSON_TYPE,
    body: '{}',
    status: 401,
    reason: APP_TOKEN,
  },
  ...names('NUL', '%00'),
  ...names('65 characters', 'n'.repeat(65)),
  ...names('markup', '%3Cscript%3E'),
  ...names('an encoded slash', 'a%2Fb'),
  {
    app: 'callee-app',
    what: 'a path that is not valid percent-encoding',
    path: '/greet/%E0%A4%A',
    status: 400,
    reason: 'percent-encode the path as UTF-8',
  },
  { app: 'caller-app', what: 'a job id that is not a UUID', path: '/jobs/42', status: 400, reason: JOB_ID },
  {
    app: 'caller-app',
    what: 'a job id that is a version 1 UUID',
    path: '/jobs/6ba7b810-9dad-11d1-80b4-00c04fd430c8',
    status: 400,
    reason: JOB_ID,
  },
  {
    app: 'caller-app',
    what: 'retrying a job id that is not a UUID',
    method: 'POST',
    path: '/jobs/..%2Fjobs/retry',
    status: 400,
    reason: JOB_ID,
  },
  {
    app: 'caller-app',
    what: 'a job that does not exist',
    path: '/jobs/3f0c8a1e-9b2d-4c4e-8f6a-1d2e3f4a5b6c',
    status: 404,
    reason: 'no job 3f0c8a1e-9b2d-4c4e-8f6a-1d2e3f4a5b6c',
  },
];

/** Requests no fetch client sends: broken framing, oversized headers, an unknown method. */
const RAW_BAD_INPUTS: { what: string; app: AppId; request: string; status: number; reason: string }[] = [
  {
    what: 'headers over 16 KiB',
    app: 'callee-app',
    request: `GET /greet/x HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    status: 431,
    reason: 'request headers larger than 16 KiB',
  },
  {
    what: 'both Content-Length and Transfer-Encoding (request smuggling)',
    app: 'chat-agent',
    request: 'POST /chat/a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    status: 400,
    reason: 'malformed HTTP request',
  },
  {
    what: 'a method HTTP does not have',
    app: 'caller-app',
    request: 'BREW /call-greet/x HTTP/1.1\r\nHost: x\r\n\r\n',
    status: 400,
    reason: 'malformed HTTP request',
  },
];

describe('hostile input is answered 4xx with a reason, never 5xx', () => {
  let e2e: E2eStack;

  beforeAll(async () => {
    // No failures, only callee's latency: for an answer slower than the server's request timeout.
    e2e = await startE2eStack({
      env: { SIMULATE_FAILURE: 'true', MAX_FAILS_BEFORE_SUCCESS: '0', SIMULATED_LATENCY: `${SLOW_ANSWER_MS}ms` },
    });
  });

  afterAll(() => e2e?.stop());

  it('has at least 40 distinct bad inputs across the three apps', () => {
    const keys = BAD_INPUTS.map(({ app, method, path, body, headers }) =>
      JSON.stringify([app, method, path, body, headers]),
    );
    expect(new Set(keys).size).toBe(BAD_INPUTS.length);
    expect(BAD_INPUTS.length + RAW_BAD_INPUTS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(BAD_INPUTS.map(({ app }) => app))).toEqual(new Set(['chat-agent', 'callee-app', 'caller-app']));
  });

  it.each(BAD_INPUTS)('$app, $what: $status', async ({ app, method = 'GET', path, headers, body, status, reason }) => {
    const correlationId = 'hostile-input';
    const response = await fetch(`${e2e.app(app).url}${path}`, {
      method,
      headers: { ...headers, 'x-correlation-id': correlationId },
      body,
    });
    expect({ status: response.status, body: await response.json() }).toEqual({
      status,
      body: expect.objectContaining({
        statusCode: status,
        error: expect.any(String),
        message: typeof reason === 'string' ? expect.stringContaining(reason) : expect.stringMatching(reason),
        correlationId,
      }),
    });
  });

  it.each(RAW_BAD_INPUTS)('$app, $what: $status', async ({ app, request, status, reason }) => {
    const answer = await rawExchange(e2e.app(app).url, request);
    expect(answer).toMatchObject({ status, body: { statusCode: status, message: expect.stringContaining(reason) } });
  });

  it('a request whose headers or body trickle in is cut off with a 408; an answer slower than that is not', async () => {
    const url = e2e.app('chat-agent').url;
    const [slowHeaders, slowBody, slowAnswer] = await Promise.all([
      rawExchange(url, 'POST /chat/slow HTTP/1.1\r\nHost: x\r\nContent-Type: appl'),
      rawExchange(
        url,
        'POST /chat/slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"role":',
      ),
      // callee waits SIMULATED_LATENCY before it answers: longer than the request timeout, which bounds
      // receiving the request only.
      rawExchange(e2e.app('callee-app').url, 'GET /greet/Zo%C3%AB HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    ]);
    const timedOut = {
      status: 408,
      body: { statusCode: 408, message: expect.stringContaining('not received in time') },
    };
    expect(slowHeaders).toMatchObject(timedOut);
    expect(slowBody).toMatchObject(timedOut);
    // Headers within 10 s, the whole request within 20 s (SERVER_TIMEOUTS), checked every second.
    expect(slowHeaders.elapsedMs).toBeGreaterThanOrEqual(10_000);
    expect(slowHeaders.elapsedMs).toBeLessThan(13_000);
    expect(slowBody.elapsedMs).toBeGreaterThanOrEqual(20_000);
    expect(slowBody.elapsedMs).toBeLessThan(23_000);
    expect(slowAnswer).toMatchObject({ status: 200, body: { message: 'Hello, Zoë from callee-app!' } });
    expect(slowAnswer.elapsedMs).toBeGreaterThanOrEqual(SLOW_ANSWER_MS);
  });

  it('accepts a message nested within the limit', async () => {
    const shallow = message({ extra: JSON.parse(nestedArrays(60)) as unknown });
    const chat = await fetch(`${e2e.app('chat-agent').url}/chat/shallow`, {
      method: 'POST',
      headers: JSON_TYPE,
      body: shallow,
    });
    // Past the depth check: refused by validation, for the extra property.
    expect(chat.status).toBe(400);
    expect(await chat.json()).toMatchObject({ message: 'property extra should not exist' });
  });
});

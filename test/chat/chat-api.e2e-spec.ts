import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { ChatClient, labHistory } from './chat-client';

const badRequest = (message: string) => ({
  statusCode: 400,
  error: 'Bad Request',
  message,
  correlationId: expect.any(String),
});

describe('chat-agent REST API on the real Dapr runtime', () => {
  let e2e: E2eStack;
  let chat: ChatClient;

  beforeAll(async () => {
    e2e = await startE2eStack({ apps: ['chat-agent'] });
    chat = new ChatClient(e2e.app('chat-agent'));
  });

  afterAll(() => e2e?.stop());

  it('answers a message and keeps the history, as in the lab', async () => {
    expect(await chat.send('lab-user', 'Hi there')).toEqual({
      status: 200,
      body: { response: { role: 'assistant', content: 'Got your message: Hi there' } },
    });
    expect(await chat.history('lab-user')).toEqual({
      status: 200,
      body: {
        history: [
          { role: 'user', content: 'Hi there' },
          { role: 'assistant', content: 'Got your message: Hi there' },
        ],
      },
    });
  });

  it('keeps only the last 5 entries, under the key history-{actorId}', async () => {
    for (const content of ['one', 'two', 'three']) await chat.send('capped', content);
    expect((await chat.history('capped')).body).toEqual({
      history: labHistory(['one', 'two', 'three']),
    });
    const { sidecarUrl, sidecarHeaders } = e2e.app('chat-agent');
    const stored = await fetch(`${sidecarUrl}/v1.0/actors/ChatAgent/capped/state/history-capped`, {
      headers: sidecarHeaders,
    });
    expect(((await stored.json()) as unknown[]).length).toBe(5);
  });

  it('shows the actor runtime configuration on /dapr/config as the reentrancy lab does', async () => {
    expect(await chat.request('GET', '/dapr/config')).toEqual({
      status: 200,
      body: {
        actorIdleTimeout: '1h0m0s0ms0μs',
        actorScanInterval: '0h0m30s0ms0μs',
        drainOngoingCallTimeout: '0h0m2s0ms0μs',
        drainRebalancedActors: true,
        reentrancy: { enabled: true, maxStackDepth: 32 },
        entitiesConfig: [],
        entities: ['ChatAgent', 'SummaryWorker', 'StatisticsWorker'],
      },
    });
  });

  describe('rejects bad input with a 400 and a reason, and keeps serving', () => {
    it.each([
      ['missing content', { role: 'user' }, 'content must be a string'],
      ['empty content', { role: 'user', content: '' }, 'content should not be empty'],
      ['non-string content', { role: 'user', content: 42 }, 'content must be a string'],
      ['an unknown role', { role: 'wizard', content: 'hi' }, 'role must be one of user, assistant, system'],
      ['an unknown field', { role: 'user', content: 'hi', admin: true }, 'property admin should not exist'],
    ])('%s', async (_case, body, message) => {
      expect(await chat.request('POST', '/chat/alice', JSON.stringify(body))).toEqual({
        status: 400,
        body: expect.objectContaining(badRequest(message)),
      });
    });

    it.each([
      ['a JSON array', '[1,2]'],
      ['a JSON string', '"hello"'],
      ['malformed JSON', '{"role": "user", "content": '],
    ])('a body that is %s', async (_case, raw) => {
      const answer = await chat.request('POST', '/chat/alice', raw);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ statusCode: 400, correlationId: expect.any(String) });
      expect((answer.body as { message: string }).message).not.toBe('');
    });

    it('a body over the 64kb limit gets 413', async () => {
      const answer = await chat.request(
        'POST',
        '/chat/alice',
        JSON.stringify({ role: 'user', content: 'x'.repeat(70_000) }),
      );
      expect(answer).toEqual({
        status: 413,
        body: {
          statusCode: 413,
          error: 'Payload Too Large',
          message: 'request body larger than 64kb',
          correlationId: expect.any(String),
        },
      });
    });

    it.each([
      ['too long', 'a'.repeat(129)],
      ['with a slash', 'a%2Fb'],
      ['with a space', 'a%20b'],
      ['with a question mark', 'a%3Fb'],
    ])('an actor id %s', async (_case, actorId) => {
      expect(await chat.send(actorId, 'hi')).toEqual({
        status: 400,
        body: badRequest('actorId must be 1 to 128 letters, digits or . _ ~ -'),
      });
    });

    it('and still serves afterwards', async () => {
      expect((await chat.send('alice', 'still there?')).status).toBe(200);
    });
  });

  describe('errors reach callers typed, with message and status (where @dapr/dapr loses them)', () => {
    it('an exception thrown in an actor method reaches the caller through daprd with its message and status', async () => {
      const response = await fetch(
        `${e2e.app('chat-agent').sidecarUrl}/v1.0/actors/ChatAgent/typed/method/ProcessMessage`,
        {
          method: 'PUT',
          headers: { ...e2e.app('chat-agent').sidecarHeaders, 'content-type': 'application/json' },
          body: JSON.stringify({ role: 'user' }),
        },
      );
      expect(response.headers.get('x-daprerrorresponseheader')).toBe('true');
      expect(await response.json()).toEqual({
        error: {
          name: 'BadRequestException',
          message: "ProcessMessage needs {role, content} with a non-empty string 'content'",
          statusCode: 400,
        },
      });
    });

    it('an unknown actor method answers a 404-style error, and the host keeps serving', async () => {
      const { sidecarUrl, sidecarHeaders } = e2e.app('chat-agent');
      const response = await fetch(`${sidecarUrl}/v1.0/actors/ChatAgent/typed/method/Explode`, {
        method: 'PUT',
        headers: sidecarHeaders,
      });
      expect(await response.json()).toEqual({
        error: {
          name: 'ActorNotFound',
          message:
            "actor type ChatAgent has no method 'Explode'; its methods are ProcessMessage, GetConversationHistory, ClearHistory, AnalyzeConversation",
          statusCode: 404,
        },
      });
      expect((await chat.send('typed', 'after the unknown method')).status).toBe(200);
    });

    it('deactivating an actor that is not active answers 404 and never crashes the host', async () => {
      const { url, callbackHeaders } = e2e.app('chat-agent');
      const response = await fetch(`${url}/actors/ChatAgent/never-activated`, {
        method: 'DELETE',
        headers: callbackHeaders,
      });
      expect(response.headers.get('x-daprerrorresponseheader')).toBe('true');
      expect(await response.json()).toEqual({
        error: {
          name: 'ActorNotFound',
          message: 'actor ChatAgent/never-activated is not active on this host',
          statusCode: 404,
        },
      });
      const unknownType = await fetch(`${url}/actors/Nobody/x`, { method: 'DELETE', headers: callbackHeaders });
      expect(((await unknownType.json()) as { error: { statusCode: number } }).error.statusCode).toBe(404);
      expect((await chat.history('typed')).status).toBe(200);
    });
  });

  // Their trace_id and span_id, when traced: test/tracing.
  it('logs within an actor turn as JSON with the actor type and id', async () => {
    await chat.send('traced', 'follow me');
    const lines = readFileSync(join(e2e.logDir, 'chat-agent.log'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const inTurn = lines.filter(
      (line) => (line.req as { url?: string } | undefined)?.url === '/actors/ChatAgent/traced/method/ProcessMessage',
    );
    // The actor's activation lines; the turn's own access line is at debug (LOG_LEVEL=info here).
    expect(inTurn.map((line) => line.msg)).toEqual([
      'registered ClearHistory reminder and Heartbeat timer',
      'activated ChatAgent/traced',
    ]);
    for (const line of inTurn) {
      expect(line).toMatchObject({
        actorType: 'ChatAgent',
        actorId: 'traced',
      });
    }
  });

  it('reuses pooled connections to the sidecar instead of opening one per call', async () => {
    const sidecarPort = new URL(e2e.app('chat-agent').sidecarUrl).port;
    const closedConnections = () =>
      execFileSync('ss', ['-Htn', 'state', 'time-wait', `( dport = :${sidecarPort} )`], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean).length;
    const before = closedConnections();
    for (let call = 0; call < 30; call += 1) await chat.history('pooled');
    expect(closedConnections() - before).toBeLessThan(3);
  });
});

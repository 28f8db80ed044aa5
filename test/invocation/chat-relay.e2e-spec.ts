import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../support/eventually';
import { InvocationStack } from './invocation-stack';

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('caller relays POST /call-chat/{actorId} to chat-agent by service invocation: caller → chat-agent → actor', () => {
  let stack: InvocationStack;
  const sentToChat = () =>
    stack.sidecarMetric('dapr_runtime_service_invocation_req_sent_total', { dst_app_id: 'chat-agent' });

  beforeAll(async () => {
    stack = await InvocationStack.start({ CHAT_CLEAR_HISTORY_AFTER: '1h' }, { apps: ['chat-agent', 'caller-app'] });
  });

  afterAll(() => stack?.stop());

  it("answers with the actor's reply, and the message is in the actor's history", async () => {
    expect(await stack.caller('/call-chat/alice', json({ role: 'user', content: 'Hi there' }))).toMatchObject({
      status: 200,
      body: { response: { role: 'assistant', content: 'Got your message: Hi there' } },
    });
    const history = await fetch(`${stack.e2e.app('chat-agent').url}/chat/alice/history`);
    expect(await history.json()).toEqual({
      history: [
        { role: 'user', content: 'Hi there' },
        { role: 'assistant', content: 'Got your message: Hi there' },
      ],
    });
    expect(await sentToChat()).toBe(1);
  });

  it("refuses a message by chat-agent's rule without calling it: bad messages cannot open the circuit breaker", async () => {
    const sent = await sentToChat();
    // daprd's chatBreaker opens after 5 consecutive failures, and counts chat-agent's 4xx answers as such.
    for (let attempt = 0; attempt < 6; attempt += 1) {
      expect(await stack.caller('/call-chat/alice', json({ role: 'robot', content: 'beep' }))).toMatchObject({
        status: 400,
        body: {
          statusCode: 400,
          error: 'Bad Request',
          message: 'role must be one of user, assistant, system',
          correlationId: expect.any(String),
        },
      });
    }
    expect(await sentToChat()).toBe(sent);
    expect(await stack.caller('/call-chat/alice', json({ role: 'user', content: 'still there?' }))).toMatchObject({
      status: 200,
    });
  });

  it('refuses an actor id that could reach another chat-agent route, without calling it', async () => {
    const sent = await sentToChat();
    expect(await stack.caller('/call-chat/alice%2Fhistory', json({ role: 'user', content: 'Hi' }))).toMatchObject({
      status: 400,
      body: { message: 'actorId must be 1 to 128 letters, digits or . _ ~ -' },
    });
    expect(await sentToChat()).toBe(sent);
  });

  it('answers 502 under its own resiliency target (chatRelayRetry: 2 retries) when chat-agent is down', async () => {
    const sent = await sentToChat();
    await stack.e2e.stack.process('chat-agent').stop();
    const answer = await stack.caller('/call-chat/alice', json({ role: 'user', content: 'Anyone?' }));
    expect(answer).toMatchObject({
      status: 502,
      body: {
        error: 'Bad Gateway',
        upstream: 'chat-agent',
        message: expect.stringMatching(/^Dapr could not deliver the call to chat-agent: /),
      },
    });
    expect(await sentToChat()).toBe(sent + 3);
    expect(
      await stack.sidecarMetric('dapr_resiliency_activations_total', { policy: 'retry', target: 'app_chat-agent' }),
    ).toBe(1);
    await stack.e2e.stack.restart('chat-agent');
  });
  it("carries the caller's correlation id, without tracing, into chat-agent's REST handler and its actor callback", async () => {
    const correlationId = randomUUID();
    const answer = await fetch(`${stack.e2e.app('caller-app').url}/call-chat/carol`, {
      ...json({ role: 'user', content: 'who am I?' }),
      headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId },
    });
    expect(answer.headers.get('x-correlation-id')).toBe(correlationId);
    const expected = ['/chat/carol', '/actors/ChatAgent/carol/method/ProcessMessage'];
    // Log lines are written off the request path: they may follow the answer.
    await eventually(
      `chat-agent's log lines of correlation id ${correlationId}`,
      () =>
        Promise.resolve(
          readFileSync(join(stack.e2e.logDir, 'chat-agent.log'), 'utf8')
            .split('\n')
            .filter((line) => line.includes(correlationId))
            .map((line) => (JSON.parse(line) as { req?: { url?: string } }).req?.url),
        ),
      (urls) => expected.every((url) => urls.includes(url)),
      5_000,
    );
  });
});

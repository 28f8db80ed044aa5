import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { eventually } from '../support/eventually';
import { scrape } from '../support/prometheus-text';
import { ChatClient } from './chat-client';

const USER_CHAT = { pubsub: 'daca-pubsub', topic: 'user-chat' };
const DEAD_LETTER = { pubsub: 'daca-pubsub', topic: 'user-chat-deadletter' };

describe('ConversationUpdated events over Dapr pub/sub', () => {
  let e2e: E2eStack;
  let chat: ChatClient;
  const metric = (name: string, labels: Record<string, string>) =>
    scrape(`${e2e.app('chat-agent').url}/metrics`, name, labels);
  const delivered = (topic: Record<string, string>, outcome: string) =>
    metric('daca_events_delivered_total', { ...topic, outcome });
  const published = (outcome: string) => metric('daca_events_published_total', { ...USER_CHAT, outcome });
  const injectFaults = (kind: string, failNext: number) =>
    chat.request('PUT', `/faults/${kind}`, JSON.stringify({ failNext }));
  const logLines = (needle: string) =>
    readFileSync(join(e2e.logDir, 'chat-agent.log'), 'utf8')
      .split('\n')
      .filter((line) => line.includes(needle));
  const waitFor = (what: string, probe: () => Promise<number>, expected: number, timeoutMs = 30_000) =>
    eventually(what, probe, (value) => value === expected, timeoutMs);

  beforeAll(async () => {
    e2e = await startE2eStack({
      apps: ['chat-agent'],
      env: { FAULT_INJECTION_ENABLED: 'true', CHAT_CLEAR_HISTORY_AFTER: '1h', EVENTS_PUBLISH_INITIAL_INTERVAL: '1s' },
    });
    chat = new ChatClient(e2e.app('chat-agent'));
  });

  afterAll(() => e2e?.stop());

  it('publishes ConversationUpdated after each message and its own subscriber receives it', async () => {
    expect((await chat.send('events-1', 'Hi there')).status).toBe(200);

    await waitFor('one delivered ConversationUpdated', () => delivered(USER_CHAT, 'SUCCESS'), 1);
    expect(await published('published')).toBe(1);
    const [line] = logLines("ConversationUpdated: events-1 sent 'Hi there'");
    expect(JSON.parse(line)).toMatchObject({
      actorId: 'events-1',
      eventId: expect.any(String),
      msg: "ConversationUpdated: events-1 sent 'Hi there', got 'Got your message: Hi there'",
    });
  });

  it('redelivers an event whose handler throws (RETRY, not SUCCESS), and it succeeds once the handler does', async () => {
    const successBefore = await delivered(USER_CHAT, 'SUCCESS');
    expect(await injectFaults('events', 2)).toEqual({ status: 200, body: { failNext: 2 } });

    expect((await chat.send('events-2', 'flaky consumer')).status).toBe(200);

    await waitFor('the event after two RETRY answers', () => delivered(USER_CHAT, 'SUCCESS'), successBefore + 1);
    expect(await delivered(USER_CHAT, 'RETRY')).toBe(2);
    expect(await delivered(DEAD_LETTER, 'SUCCESS')).toBe(0);
    expect(logLines("ConversationUpdated: events-2 sent 'flaky consumer'")).toHaveLength(1);
  });

  it('moves a poison event to the dead-letter topic after a bounded number of deliveries (1 + 6 retries)', async () => {
    const retriesBefore = await delivered(USER_CHAT, 'RETRY');
    await injectFaults('events', 7);

    expect((await chat.send('events-3', 'poison')).status).toBe(200);

    await waitFor('the event on the dead-letter topic', () => delivered(DEAD_LETTER, 'SUCCESS'), 1);
    expect((await delivered(USER_CHAT, 'RETRY')) - retriesBefore).toBe(7);
    const [deadLetter] = logLines('dead-lettered event');
    expect(JSON.parse(deadLetter)).toMatchObject({
      level: 50,
      event: { actor_id: 'events-3', input: { role: 'user', content: 'poison' } },
    });
  });

  it('drops a malformed event with a log line, never crashes, and keeps serving', async () => {
    const dropsBefore = await delivered(USER_CHAT, 'DROP');
    const retriesBefore = await delivered(USER_CHAT, 'RETRY');
    const deadBefore = await delivered(DEAD_LETTER, 'SUCCESS');
    const { sidecarUrl, sidecarHeaders } = e2e.app('chat-agent');
    const publish = await fetch(`${sidecarUrl}/v1.0/publish/daca-pubsub/user-chat`, {
      method: 'POST',
      headers: { ...sidecarHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ actor_id: 42, event_type: 'ConversationUpdated' }),
    });
    expect(publish.status).toBe(204);

    await waitFor('the malformed event dropped', () => delivered(USER_CHAT, 'DROP'), dropsBefore + 1);
    await waitFor(
      'the dropped event on the dead-letter topic',
      () => delivered(DEAD_LETTER, 'SUCCESS'),
      deadBefore + 1,
    );
    const [drop] = logLines('malformed event');
    expect(JSON.parse(drop)).toMatchObject({
      level: 40,
      msg: expect.stringMatching(
        /^dropped event \S+ on daca-pubsub\/user-chat: malformed event: .*actor_id must be a string/,
      ),
    });
    expect(await delivered(USER_CHAT, 'RETRY')).toBe(retriesBefore);
    expect((await chat.send('events-4', 'still here')).status).toBe(200);
  });

  it('answers DROP to a delivery that is not a CloudEvent, or for a topic nobody handles', async () => {
    const deliver = (topic: string, body: string) =>
      chat.request('POST', `/dapr/pubsub/daca-pubsub/${topic}`, body, 'application/cloudevents+json');

    expect(await deliver('user-chat', JSON.stringify({ hello: 'world' }))).toEqual({
      status: 200,
      body: { status: 'DROP' },
    });
    expect(await deliver('nobody-listens', JSON.stringify({ id: 'e-1', data: {} }))).toEqual({
      status: 200,
      body: { status: 'DROP' },
    });
  });

  it('keeps an event whose publish fails in the durable outbox, across a crash of the app, until it is published', async () => {
    const successBefore = await delivered(USER_CHAT, 'SUCCESS');
    await injectFaults('publish', 1000);

    expect(await chat.send('events-5', 'survives a crash')).toEqual({
      status: 200,
      body: { response: { role: 'assistant', content: 'Got your message: survives a crash' } },
    });
    await waitFor('two failed publish attempts', () => published('retry'), 2);
    expect(await delivered(USER_CHAT, 'SUCCESS')).toBe(successBefore);

    await e2e.stack.process('chat-agent').kill();
    await e2e.stack.restart('chat-agent');

    await waitFor('the event published by the restarted app', () => delivered(USER_CHAT, 'SUCCESS'), 1, 90_000);
    expect(logLines("ConversationUpdated: events-5 sent 'survives a crash'")).toHaveLength(1);
  });
});

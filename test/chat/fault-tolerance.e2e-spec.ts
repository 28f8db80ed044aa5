import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { scrape } from '../support/prometheus-text';
import { ChatClient } from './chat-client';

const STATE_TARGET = { target: 'actorstate/ChatAgent' };

describe('fault-tolerant actor state (fault-tolerance lab)', () => {
  let e2e: E2eStack;
  let chat: ChatClient;
  const retries = (outcome: string) =>
    scrape(`${e2e.app('chat-agent').url}/metrics`, 'daca_retry_attempts_total', { ...STATE_TARGET, outcome });
  const pauseRedis = (ms: number) =>
    execFileSync('redis-cli', ['-p', String(e2e.definition.redisPort), 'CLIENT', 'PAUSE', String(ms), 'ALL'], {
      env: { ...process.env, REDISCLI_AUTH: e2e.redisPassword },
    });
  const injectFaults = (failNext: number) => chat.request('PUT', '/faults/state', JSON.stringify({ failNext }));
  const history = async (actorId: string) => ((await chat.history(actorId)).body as { history: unknown[] }).history;

  beforeAll(async () => {
    e2e = await startE2eStack({
      apps: ['chat-agent'],
      env: { FAULT_INJECTION_ENABLED: 'true', CHAT_CLEAR_HISTORY_AFTER: '1h' },
    });
    chat = new ChatClient(e2e.app('chat-agent'));
  });

  afterAll(() => e2e?.stop());

  it('retries injected failures within the policy (3 attempts, 1 s apart) and the message is stored', async () => {
    await chat.send('resilient', 'first');
    const retriedBefore = await retries('retry');
    expect(await injectFaults(2)).toEqual({ status: 200, body: { failNext: 2 } });

    expect(await chat.send('resilient', 'second')).toEqual({
      status: 200,
      body: { response: { role: 'assistant', content: 'Got your message: second' } },
    });
    expect((await retries('retry')) - retriedBefore).toBe(2);
    expect(await history('resilient')).toHaveLength(4);
    const retryLines = readFileSync(join(e2e.logDir, 'chat-agent.log'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('injected fault in state'));
    expect(retryLines).toHaveLength(2);
  });

  it('answers 503 with a clear message when the failures outlast the retries, and stores nothing of it', async () => {
    const before = await history('resilient');
    const exhaustedBefore = await retries('exhausted');
    await injectFaults(3);
    expect(await chat.send('resilient', 'lost cause')).toEqual({
      status: 503,
      body: {
        statusCode: 503,
        error: 'StateStoreUnavailable',
        message: expect.stringMatching(
          /^the actor state store is unavailable \(state (get|upsert) failed 3 times: injected fault in state (get|upsert)/,
        ),
        correlationId: expect.any(String),
      },
    });
    expect((await retries('exhausted')) - exhaustedBefore).toBe(1);
    expect(await history('resilient')).toEqual(before);
  });

  it('rides out a Redis pause shorter than the retry window', async () => {
    await chat.send('paused', 'before the pause');
    pauseRedis(2_500);
    expect(await chat.send('paused', 'during the pause')).toEqual({
      status: 200,
      body: { response: { role: 'assistant', content: 'Got your message: during the pause' } },
    });
    expect(await history('paused')).toHaveLength(4);
  });

  it('answers 503 for a pause beyond the window, and afterwards holds exactly the acknowledged messages', async () => {
    await chat.send('outage', 'acknowledged');
    const acknowledged = await history('outage');
    const pauseEndsAt = Date.now() + 15_000;
    pauseRedis(15_000);
    const answer = await chat.send('outage', 'not acknowledged');
    expect(answer.status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, pauseEndsAt + 500 - Date.now()));
    expect(await history('outage')).toEqual(acknowledged);
  });

  it('refuses fault injection requests that are not a count', async () => {
    expect((await injectFaults(-1)).status).toBe(400);
    expect(await chat.request('GET', '/faults/state')).toEqual({ status: 200, body: { failNext: 0 } });
  });
});

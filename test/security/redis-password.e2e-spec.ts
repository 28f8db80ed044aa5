import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Redis from 'ioredis';
import { stackRedis } from '../support/stack-redis';
import { ChatClient } from '../chat/chat-client';
import { eventually } from '../support/eventually';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { storedHistory } from '../scale-out/stored-history';
import { unauthenticatedReply } from '../support/unauthenticated-reply';

describe('Redis asks for the stack’s password; the sidecars read it through the secret store, the apps from REDIS_PASSWORD', () => {
  let e2e: E2eStack;
  let redis: Redis;

  beforeAll(async () => {
    e2e = await startE2eStack();
    redis = stackRedis(e2e);
  });

  afterAll(async () => {
    redis?.disconnect();
    await e2e?.stop();
  });

  it('refuses a client without the password (NOAUTH) or with a wrong one (WRONGPASS)', async () => {
    const port = e2e.definition.redisPort;
    expect(await unauthenticatedReply(port, 'PING')).toMatch(/^-NOAUTH Authentication required/);
    expect(await unauthenticatedReply(port, 'KEYS *')).toMatch(/^-NOAUTH/);
    expect(await unauthenticatedReply(port, 'AUTH not-the-password')).toMatch(/^-WRONGPASS/);
  });

  it("stores a chat message through chat-agent's sidecar, whose state store authenticated with the secret", async () => {
    const chat = new ChatClient(e2e.app('chat-agent'));
    expect((await chat.send('vault', 'kept behind a password')).status).toBe(200);
    expect(await storedHistory(redis, 'vault')).toEqual([
      { role: 'user', content: 'kept behind a password' },
      { role: 'assistant', content: 'Got your message: kept behind a password' },
    ]);
  });

  it("runs a durable greet job on caller-app's BullMQ queue, which connects with REDIS_PASSWORD", async () => {
    const caller = e2e.app('caller-app').url;
    const queued = await fetch(`${caller}/call-greet/Vera/jobs`, { method: 'POST' });
    expect(queued.status).toBe(202);
    const { id } = (await queued.json()) as { id: string };
    const job = await eventually(
      `greet job ${id} to complete`,
      async () => (await (await fetch(`${caller}/jobs/${id}`)).json()) as { state: string; result?: unknown },
      (view) => view.state === 'completed' || view.state === 'failed',
    );
    expect(job).toMatchObject({ state: 'completed', result: { message: 'Hello, Vera from callee-app!' } });
    expect(await redis.exists(`bull:greet-jobs:${id}`)).toBe(1);
  });

  it('reports Redis up in the readiness of every app that uses it directly', async () => {
    for (const appId of ['chat-agent', 'caller-app']) {
      const ready = (await (await fetch(`${e2e.app(appId).url}/health/ready`)).json()) as {
        info: Record<string, { status: string }>;
      };
      expect({ appId, redis: ready.info.redis?.status }).toEqual({ appId, redis: 'up' });
    }
  });

  it("keeps the password out of reach: secrets file and Redis's configuration 0600, no command line, no secrets API", async () => {
    const { secretsFile } = e2e.definition;
    expect(JSON.parse(readFileSync(secretsFile, 'utf8'))).toEqual({ 'daca-redis': { password: e2e.redisPassword } });
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    const redisConf = e2e.stack.process('redis').spec.args[0];
    expect(statSync(redisConf).mode & 0o777).toBe(0o600);
    for (const pid of e2e.stack.pids()) {
      const commandLine = readFileSync(join('/proc', String(pid), 'cmdline'), 'utf8');
      expect({ pid, leaks: commandLine.includes(e2e.redisPassword) }).toEqual({ pid, leaks: false });
    }
    // configuration.yaml scopes the secret store to no secret: an app cannot read it through its daprd.
    const { sidecarUrl, sidecarHeaders } = e2e.app('chat-agent');
    const read = await fetch(`${sidecarUrl}/v1.0/secrets/daca-secrets/daca-redis`, { headers: sidecarHeaders });
    expect(read.status).toBe(403);
    expect(await read.text()).not.toContain(e2e.redisPassword);
  });

  it('writes neither the password nor a token into any log, daprd callbacks with their headers included', async () => {
    // The chat message above was delivered back to chat-agent as an event, by daprd, with APP_API_TOKEN.
    const secrets = [e2e.redisPassword, e2e.tokens.APP_API_TOKEN, e2e.tokens.DAPR_API_TOKEN];
    const chatAgentLog = () => readFileSync(join(e2e.logDir, 'chat-agent.log'), 'utf8');
    await eventually(
      'the event delivery to be logged',
      () => Promise.resolve(chatAgentLog()),
      (log) => log.includes('ConversationUpdated: vault'),
    );
    expect(chatAgentLog()).toContain('"dapr-api-token":"[redacted]"');
    for (const file of readdirSync(e2e.logDir)) {
      const log = readFileSync(join(e2e.logDir, file), 'utf8');
      expect({ file, leaked: secrets.filter((secret) => log.includes(secret)).length }).toEqual({ file, leaked: 0 });
    }
  });
});

import { pinnedDaprVersion } from '../../tools/stack/dapr-binaries';
import { ROOT_DIR, sidecarName, startE2eStack, type E2eStack } from '../support/e2e-stack';

describe('the local stack on the real Dapr runtime', () => {
  let e2e: E2eStack;

  beforeAll(async () => {
    e2e = await startE2eStack();
  });

  afterAll(() => e2e?.stop());

  it.each(['chat-agent', 'callee-app', 'caller-app'])(
    '%s: its sidecar knows it and reaches its health route',
    async (appId) => {
      const { sidecarUrl, sidecarHeaders: headers } = e2e.app(appId);
      const metadata = (await (await fetch(`${sidecarUrl}/v1.0/metadata`, { headers })).json()) as Record<
        string,
        unknown
      >;
      expect(metadata).toMatchObject({ id: appId, runtimeVersion: pinnedDaprVersion(ROOT_DIR) });

      const response = await fetch(`${sidecarUrl}/v1.0/invoke/${appId}/method/health/ready`, { headers });
      expect(response.status).toBe(200);
      const up = {
        heap: { status: 'up' },
        'dapr-sidecar': { status: 'up' },
        // chat-agent's event outbox and caller's greet jobs are BullMQ queues in Redis.
        ...(appId === 'callee-app' ? {} : { redis: { status: 'up', since: expect.any(String) } }),
      };
      expect(await response.json()).toEqual({ status: 'ok', info: up, error: {}, details: up });
    },
  );

  it('has loaded the Redis state store and pub/sub, and the secret store that holds their password, in every sidecar', async () => {
    const { sidecarUrl, sidecarHeaders: headers } = e2e.app('chat-agent');
    const metadata = (await (await fetch(`${sidecarUrl}/v1.0/metadata`, { headers })).json()) as {
      components: { name: string; type: string }[];
    };
    expect(metadata.components.map(({ name, type }) => `${name}:${type}`).sort()).toEqual([
      'daca-pubsub:pubsub.redis',
      'daca-secrets:secretstores.local.file',
      'statestore:state.redis',
    ]);
  });

  it('carries a call from caller through both sidecars to callee', async () => {
    const response = await fetch(`${e2e.app('caller-app').url}/call-greet/Alice`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: 'Hello, Alice from callee-app!' });
  });

  it('brings back an app killed with SIGKILL, and its sidecar reaches it again', async () => {
    await e2e.stack.process('callee-app').kill();
    expect(e2e.stack.process('callee-app').running).toBe(false);
    await e2e.stack.restart('callee-app');

    const response = await fetch(`${e2e.app('caller-app').url}/call-greet/Bob`);
    expect(await response.json()).toEqual({ message: 'Hello, Bob from callee-app!' });
  });

  it('restarts a sidecar, which rejoins placement and serves its app again', async () => {
    await e2e.stack.restart(sidecarName('caller-app'));
    const response = await fetch(`${e2e.app('caller-app').url}/call-greet/Carol`);
    expect(await response.json()).toEqual({ message: 'Hello, Carol from callee-app!' });
  });

  it('restarts redis and placement', async () => {
    await e2e.stack.restart('redis');
    await e2e.stack.restart('placement');
    const response = await fetch(`${e2e.app('chat-agent').sidecarUrl}/v1.0/healthz`);
    expect(response.status).toBe(204);
  });
});

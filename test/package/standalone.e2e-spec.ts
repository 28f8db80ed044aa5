import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT_DIR, startE2eStack, type E2eApp, type E2eStack } from '../support/e2e-stack';
import { eventually } from '../support/eventually';
import { createStandaloneApp, packDapr } from './standalone-app';

// The app takes chat-agent's place in the stack: its app id, ports and sidecar.
const APP_ID = 'chat-agent';

const GREETINGS_SUBSCRIPTION = `apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata:
  name: greetings
spec:
  pubsubname: daca-pubsub
  topic: greetings
  routes:
    default: /dapr/pubsub/daca-pubsub/greetings
scopes:
  - ${APP_ID}
`;

interface Visitor {
  visits: number;
  greetings: string[];
  reminded: boolean;
}

describe('@daca/dapr installed from its tarball in a fresh Nest app, on the real runtime', () => {
  const dir = mkdtempSync(join(tmpdir(), 'daca-standalone-'));
  const appDir = join(dir, 'visitors');
  let e2e: E2eStack | undefined;
  let app: E2eApp;

  const callVisitor = async (actorId: string, method: string): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${app.sidecarUrl}/v1.0/actors/Visitor/${actorId}/method/${method}`, {
      method: 'PUT',
      headers: app.sidecarHeaders,
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const visitor = async (actorId: string) => (await callVisitor(actorId, 'Get')).body as Visitor;

  beforeAll(async () => {
    const timings: string[] = [];
    const timed = async <T>(step: string, work: () => T | Promise<T>): Promise<T> => {
      const startedAt = performance.now();
      const result = await work();
      timings.push(`${step} ${((performance.now() - startedAt) / 1_000).toFixed(1)} s`);
      return result;
    };
    const tarball = await timed('build and pack', () => packDapr(dir));
    await timed('install and compile', () => createStandaloneApp(appDir, tarball));
    e2e = await timed('start', () =>
      startE2eStack({
        apps: [APP_ID],
        commands: { [APP_ID]: ['node', 'dist/main.js'] },
        cwds: { [APP_ID]: appDir },
        components: { 'greetings-subscription.yaml': GREETINGS_SUBSCRIPTION },
      }),
    );
    app = e2e.app(APP_ID);
    process.stderr.write(`standalone app: ${timings.join(', ')}\n`);
  });

  afterAll(async () => {
    await e2e?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs on its own installation: nothing resolves into the monorepo', () => {
    expect(relative(ROOT_DIR, appDir)).toMatch(/^\.\./);
    // Asked of Node in the app's directory: Jest's own resolution maps @daca/dapr to the sources.
    for (const name of ['@daca/dapr', '@daca/dapr/testing', '@nestjs/core']) {
      const resolved = execFileSync(process.execPath, ['-p', `require.resolve('${name}')`], {
        cwd: appDir,
        encoding: 'utf8',
      });
      expect(resolved).toContain(join(appDir, 'node_modules'));
    }
  });

  it("runs the same actor on @daca/dapr/testing's in-memory sidecar, without daprd", () => {
    const state = execFileSync(process.execPath, ['dist/in-memory-check.js'], { cwd: appDir, encoding: 'utf8' });
    expect(JSON.parse(state) as unknown).toEqual({ visits: 1, greetings: [], reminded: true });
  });

  it('hosts its actor: calls through daprd keep state, and the reminder each visit registers fires', async () => {
    await eventually(
      'the first visit (daprd places the actor type once the app is known)',
      () => callVisitor('ada', 'Visit'),
      ({ status }) => status === 200,
    );
    await expect(callVisitor('ada', 'Visit')).resolves.toEqual({
      status: 200,
      body: { visits: 2, greetings: [], reminded: false },
    });

    await eventually(
      'the Remind reminder',
      () => visitor('ada'),
      ({ reminded }) => reminded,
    );
  });

  it('receives an event published through daprd in its @EventPattern handler', async () => {
    const published = await fetch(`${app.sidecarUrl}/v1.0/publish/daca-pubsub/greetings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...app.sidecarHeaders },
      body: JSON.stringify({ visitor: 'grace', greeting: 'hello from daprd' }),
    });
    expect(published.status).toBe(204);

    await eventually(
      'the greeting in the actor the subscriber called',
      () => visitor('grace'),
      ({ greetings }) => greetings.includes('hello from daprd'),
    );
  });
});

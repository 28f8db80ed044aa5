import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT_DIR, startE2eStack, type E2eStack } from '../support/e2e-stack';
import { ChatClient } from './chat-client';

describe("the labs' Python ActorProxy calls the same ChatAgent as the REST routes", () => {
  let e2e: E2eStack;
  let chat: ChatClient;
  let python: string;

  beforeAll(async () => {
    python = join(
      execFileSync('bash', [join(ROOT_DIR, 'tools/python/install.sh')], { encoding: 'utf8' }).trim(),
      'bin/python',
    );
    e2e = await startE2eStack({ apps: ['chat-agent'] });
    chat = new ChatClient(e2e.app('chat-agent'));
  });

  afterAll(() => e2e?.stop());

  it('gets the answers our REST routes give, on the same actor state', async () => {
    await chat.send('polyglot', 'Hello from TypeScript');
    const daprHttpPort = new URL(e2e.app('chat-agent').sidecarUrl).port;
    const output = execFileSync(
      python,
      [join(__dirname, 'python/chat_agent_proxy.py'), 'polyglot', 'Hello from Python'],
      {
        env: {
          ...process.env,
          DAPR_HTTP_PORT: daprHttpPort,
          DAPR_RUNTIME_HOST: '127.0.0.1',
          DAPR_API_TOKEN: e2e.tokens.DAPR_API_TOKEN,
        },
        encoding: 'utf8',
      },
    );
    const expectedHistory = [
      { role: 'user', content: 'Hello from TypeScript' },
      { role: 'assistant', content: 'Got your message: Hello from TypeScript' },
      { role: 'user', content: 'Hello from Python' },
      { role: 'assistant', content: 'Got your message: Hello from Python' },
    ];
    expect(JSON.parse(output)).toEqual({
      response: { role: 'assistant', content: 'Got your message: Hello from Python' },
      history: expectedHistory,
    });
    expect((await chat.history('polyglot')).body).toEqual({ history: expectedHistory });
  });
});

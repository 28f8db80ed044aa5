import { spawn, type ChildProcess } from 'node:child_process';
import { stackTokens } from '../../tools/stack/stack-tokens';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { ROOT_DIR } from '../support/e2e-stack';
import { isAlive } from '../support/process-table';

/** `npm start`'s launcher as a child process, its output collected. */
class Launcher {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<number | null>;

  // The launcher's tokens come from the environment when given there: these, so the test can call its sidecars.
  readonly tokens = stackTokens();

  constructor(args: string[]) {
    this.child = spawn(process.execPath, ['--import', 'tsx', join(ROOT_DIR, 'tools/stack/cli.ts'), ...args], {
      cwd: ROOT_DIR,
      env: { ...process.env, ...this.tokens },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
  }

  async waitFor(pattern: RegExp, timeoutMs = 90_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const match = pattern.exec(this.output);
      if (match) return match;
      if (this.child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`launcher never printed ${String(pattern)}; its output:\n${this.output}`);
  }

  /** Name → pid of every process the launcher reports running. */
  async running(): Promise<Map<string, number>> {
    const [, list] = await this.waitFor(/running: (.*)\n/);
    await this.waitFor(/all processes are healthy/);
    return new Map([...list.matchAll(/([\w#-]+) \(pid (\d+)\)/g)].map(([, name, pid]) => [name, Number(pid)]));
  }
}

describe('npm start (the launcher)', () => {
  it('answers --help with every option', async () => {
    const launcher = new Launcher(['--help']);
    expect(await launcher.exited).toBe(0);
    for (const option of ['--free-ports', '--no-jaeger', '--replicas', '--ha', '--help']) {
      expect(launcher.output).toContain(option);
    }
  });

  it('starts every process and stops all of them, and nothing else, on Ctrl-C', async () => {
    const launcher = new Launcher(['--free-ports']);
    const running = await launcher.running();
    expect([...running.keys()].sort()).toEqual([
      'callee-app',
      'callee-app-daprd',
      'caller-app',
      'caller-app-daprd',
      'chat-agent',
      'chat-agent-daprd',
      'jaeger',
      'placement',
      'redis',
      'scheduler',
      'sentry',
    ]);
    const bystander = spawn('sleep', ['60']);

    launcher.child.kill('SIGINT');

    expect(await launcher.exited).toBe(0);
    expect(launcher.output).toContain('SIGINT: stopping everything this launcher started');
    expect([...running.values()].filter(isAlive)).toEqual([]);
    expect(isAlive(bystander.pid as number)).toBe(true);
    bystander.kill();
  });

  it('says which process died and why, and shuts the rest down', async () => {
    const launcher = new Launcher(['--free-ports', '--no-jaeger']);
    const running = await launcher.running();
    expect(running.has('jaeger')).toBe(false);

    process.kill(running.get('callee-app') as number, 'SIGKILL');

    expect(await launcher.exited).toBe(1);
    expect(launcher.output).toContain('callee-app was killed by SIGKILL');
    expect([...running.values()].filter(isAlive)).toEqual([]);
  });

  it('runs replicas under one app id, and restarts a replica sidecar killed with SIGKILL', async () => {
    const launcher = new Launcher(['--free-ports', '--replicas', 'chat-agent=2']);
    const running = await launcher.running();
    expect([...running.keys()].filter((name) => name.startsWith('chat-agent'))).toEqual([
      'chat-agent',
      'chat-agent-daprd',
      'chat-agent#2',
      'chat-agent#2-daprd',
    ]);
    const [, app, sidecar] = await launcher.waitFor(
      /chat-agent#2: app (http:\/\/localhost:\d+), sidecar (http:\/\/localhost:\d+)/,
    );
    const appId = async (): Promise<unknown> =>
      (
        (await (
          await fetch(`${sidecar}/v1.0/metadata`, { headers: { 'dapr-api-token': launcher.tokens.DAPR_API_TOKEN } })
        ).json()) as { id: string }
      ).id;
    const chat = (content: string): Promise<number> =>
      fetch(`${app}/chat/launcher`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'user', content }),
      }).then((response) => response.status);
    expect(await appId()).toBe('chat-agent');
    expect(await chat('before the kill')).toBe(200);

    process.kill(running.get('chat-agent#2-daprd') as number, 'SIGKILL');

    await launcher.waitFor(
      /chat-agent#2-daprd was killed by SIGKILL; restarting in 0.5 s \(1st restart in the last minute\)/,
    );
    const [, pid] = await launcher.waitFor(/chat-agent#2-daprd is healthy again \(pid (\d+)\)/);
    expect(isAlive(Number(pid))).toBe(true);
    expect(await appId()).toBe('chat-agent');
    // The app rode out its sidecar's restart without one of its own, and serves through the new sidecar.
    expect(isAlive(running.get('chat-agent#2') as number)).toBe(true);
    expect(launcher.output).not.toMatch(/chat-agent#2 (was killed|exited)/);
    expect(await chat('after the restart')).toBe(200);
    launcher.child.kill('SIGINT');
    expect(await launcher.exited).toBe(0);
  });

  it('runs 3 placement and 3 scheduler nodes with --ha, gives both sidecars every node, and restarts a killed node', async () => {
    const launcher = new Launcher(['--free-ports', '--no-jaeger', '--ha', '--replicas', 'chat-agent=2']);
    const running = await launcher.running();
    const nodes = ['placement', 'placement#2', 'placement#3', 'scheduler', 'scheduler#2', 'scheduler#3'];
    expect([...running.keys()].filter((name) => /^(placement|scheduler)/.test(name))).toEqual(nodes);
    const sidecars = await Promise.all(
      ['chat-agent', 'chat-agent#2'].map(async (name) => {
        const [, url] = await launcher.waitFor(new RegExp(`${name}: app \\S+, sidecar (http://localhost:\\d+)`));
        return url;
      }),
    );
    const metadata = await Promise.all(
      sidecars.map(async (url) => {
        const response = await fetch(`${url}/v1.0/metadata`, {
          headers: { 'dapr-api-token': launcher.tokens.DAPR_API_TOKEN },
        });
        return (await response.json()) as { id: string; scheduler?: { connected_addresses?: string[] } };
      }),
    );
    expect(metadata.map(({ id, scheduler }) => [id, scheduler?.connected_addresses?.length])).toEqual([
      ['chat-agent', 3],
      ['chat-agent', 3],
    ]);

    process.kill(running.get('placement#2') as number, 'SIGKILL');

    await launcher.waitFor(/placement#2 was killed by SIGKILL; restarting in 0.5 s/);
    const [, pid] = await launcher.waitFor(/placement#2 is healthy again \(pid (\d+)\)/);
    expect(isAlive(Number(pid))).toBe(true);
    launcher.child.kill('SIGINT');
    expect(await launcher.exited).toBe(0);
    expect([...running.values(), Number(pid)].filter(isAlive)).toEqual([]);
  });

  it('refuses an unknown app or a count out of range with a usage error', async () => {
    const launcher = new Launcher(['--replicas', 'chat-agent=5']);
    expect(await launcher.exited).toBe(2);
    expect(launcher.output).toContain('--replicas: chat-agent can run 1 to 4 times, not 5');
    expect(launcher.output).toContain('usage: npm start');
  });

  it('names a busy port and what holds it instead of starting', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.once('error', () => resolve()).listen(3501, '0.0.0.0', resolve));
    try {
      const launcher = new Launcher([]);
      expect(await launcher.exited).toBe(1);
      expect(launcher.output).toMatch(/port 3501 \(callee-app daprd HTTP\) is in use by \S+ \(pid \d+\)/);
      expect(launcher.output).toContain('change the ports in dapr.yaml');
      expect(launcher.output).not.toMatch(/\n\s+at /); // a message, not a stack trace
    } finally {
      holder.close();
    }
  });
});

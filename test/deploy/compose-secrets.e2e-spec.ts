import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '../../tools/stack/ports';
import { ManagedProcess } from '../../tools/stack/managed-process';
import { redisAnswers, redisServerPath } from '../../tools/stack/redis';
import { REDIS_PASSWORD_SECRET } from '../../tools/stack/secret-store';
import { COMPOSE_SECRETS_SCRIPT, composeSecrets, sourced } from './support/compose-secrets';
import { unauthenticatedReply } from '../support/unauthenticated-reply';
import { SENTRY_CREDENTIALS, startE2eStack, type E2eStack } from '../support/e2e-stack';

describe('tools/deploy/compose-secrets.sh (what docker-compose.yml needs, outside the repository)', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'daca-compose-secrets-')), 'compose');
  let envFile: string;
  let env: Record<string, string>;

  beforeAll(() => {
    envFile = composeSecrets(dir);
    env = sourced(envFile);
  });

  afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('answers --help with its usage, and an unknown option with its usage and status 2', () => {
    expect(composeSecrets('--help')).toMatch(/^usage: bash tools\/deploy\/compose-secrets.sh \[directory\]/);
    const unknown = spawnSync('bash', [COMPOSE_SECRETS_SCRIPT, '--bogus'], { encoding: 'utf8' });
    expect({ status: unknown.status, stderr: unknown.stderr }).toEqual({
      status: 2,
      stderr: expect.stringMatching(/^unknown option '--bogus'\nusage: /),
    });
  });

  it('writes compose.env for the user alone, in a directory only the user can enter', () => {
    expect(envFile).toBe(join(dir, 'compose.env'));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    expect(env).toEqual({
      APP_API_TOKEN: expect.stringMatching(/^[0-9a-f]{64}$/),
      DAPR_API_TOKEN: expect.stringMatching(/^[0-9a-f]{64}$/),
      REDIS_PASSWORD: expect.stringMatching(/^[0-9a-f]{64}$/),
      DAPR_TRUST_ANCHORS: readFileSync(join(dir, 'ca.crt'), 'utf8').trim(),
      DACA_COMPOSE_SECRETS: dir,
    });
  });

  it('keeps everything it made when run again', () => {
    const before = ['compose.env', ...SENTRY_CREDENTIALS].map((file) => readFileSync(join(dir, file), 'utf8'));
    expect(composeSecrets(dir)).toBe(envFile);
    expect(['compose.env', ...SENTRY_CREDENTIALS].map((file) => readFileSync(join(dir, file), 'utf8'))).toEqual(before);
  });

  it('gives the secret store and Redis the password of compose.env: Redis asks for it, and only it', async () => {
    const secrets = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    expect(secrets[REDIS_PASSWORD_SECRET.name][REDIS_PASSWORD_SECRET.key]).toBe(env.REDIS_PASSWORD);
    const [port] = await freePorts(1);
    const redis = new ManagedProcess(
      {
        name: 'redis',
        command: redisServerPath(),
        args: [
          join(dir, 'redis.conf'),
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
        ],
        health: () => redisAnswers(port, env.REDIS_PASSWORD),
      },
      () => undefined,
    );
    redis.start();
    try {
      await redis.waitHealthy(10_000);
      expect(await unauthenticatedReply(port, 'PING')).toMatch(/^-NOAUTH/);
    } finally {
      await redis.stop();
    }
  });

  describe("its trust bundle, used by the stack's real sentry, placement, scheduler and sidecars", () => {
    let e2e: E2eStack;

    beforeAll(async () => {
      e2e = await startE2eStack({ apps: ['callee-app', 'caller-app'], sentryCredentials: dir });
    });

    afterAll(() => e2e?.stop());

    it('is the one sentry signs with, and gives caller-app an identity that access control lets greet callee-app', async () => {
      const stackCa = readFileSync(join(e2e.stack.process('sentry').spec.args[1], 'ca.crt'), 'utf8');
      expect(stackCa).toBe(readFileSync(join(dir, 'ca.crt'), 'utf8'));
      const { sidecarUrl, sidecarHeaders } = e2e.app('caller-app');
      const response = await fetch(`${sidecarUrl}/v1.0/invoke/callee-app/method/greet/Ann`, {
        headers: sidecarHeaders,
      });
      expect({ status: response.status, body: await response.json() }).toEqual({
        status: 200,
        body: { message: 'Hello, Ann from callee-app!' },
      });
    });
  });
});

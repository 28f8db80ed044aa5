import { readFileSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import { stackRedisPassword, stackTokens, writeTokensFile } from './stack-tokens';

describe('stackTokens', () => {
  it('takes the tokens given in the environment', () => {
    expect(stackTokens({ APP_API_TOKEN: 'app', DAPR_API_TOKEN: 'dapr' })).toEqual({
      APP_API_TOKEN: 'app',
      DAPR_API_TOKEN: 'dapr',
    });
  });

  it('makes new random ones, distinct for each token and each run, when none or empty ones are given', () => {
    const first = stackTokens({ APP_API_TOKEN: '' });
    const second = stackTokens({});
    expect(first.APP_API_TOKEN).toMatch(/^[\w-]{43}$/);
    expect(new Set([first.APP_API_TOKEN, first.DAPR_API_TOKEN, second.APP_API_TOKEN, second.DAPR_API_TOKEN]).size).toBe(
      4,
    );
  });
});

describe('stackRedisPassword', () => {
  it('takes REDIS_PASSWORD of the environment, else makes a new random one for each run', () => {
    expect(stackRedisPassword({ REDIS_PASSWORD: 'given' })).toBe('given');
    const made = [stackRedisPassword({ REDIS_PASSWORD: '' }), stackRedisPassword({})];
    expect(made[0]).toMatch(/^[\w-]{43}$/);
    expect(made[0]).not.toBe(made[1]);
  });
});

describe('writeTokensFile', () => {
  it('writes shell assignments that only the user may read', () => {
    const file = writeTokensFile({ APP_API_TOKEN: 'app', DAPR_API_TOKEN: 'dapr' });
    try {
      expect(readFileSync(file, 'utf8')).toBe("export APP_API_TOKEN='app'\nexport DAPR_API_TOKEN='dapr'\n");
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
    } finally {
      rmSync(dirname(file), { recursive: true });
    }
  });

  it('quotes values so that a shell reads them back unchanged', () => {
    const password = `it's $HOME "quoted" \\ \``;
    const file = writeTokensFile({ REDIS_PASSWORD: password });
    try {
      expect(
        execFileSync('sh', ['-c', `. "$1" && printf %s "$REDIS_PASSWORD"`, 'sh', file], { encoding: 'utf8' }),
      ).toBe(password);
    } finally {
      rmSync(dirname(file), { recursive: true });
    }
  });
});

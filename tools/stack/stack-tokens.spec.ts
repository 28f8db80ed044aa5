import { readFileSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { stackTokens, writeTokensFile } from './stack-tokens';

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

describe('writeTokensFile', () => {
  it('writes shell assignments that only the user may read', () => {
    const file = writeTokensFile({ APP_API_TOKEN: 'app', DAPR_API_TOKEN: 'dapr' });
    try {
      expect(readFileSync(file, 'utf8')).toBe('export APP_API_TOKEN=app\nexport DAPR_API_TOKEN=dapr\n');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
    } finally {
      rmSync(dirname(file), { recursive: true });
    }
  });
});

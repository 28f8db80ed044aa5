import { IsDuration } from './duration';
import { validateEnv } from './validate-env';

class Timeouts {
  @IsDuration()
  TIMEOUT: string = '30s';
}

describe('IsDuration', () => {
  it('validates duration variables at boot', () => {
    expect(() => validateEnv('timeouts', Timeouts, { TIMEOUT: '10' })).toThrow(
      "TIMEOUT ('10'): TIMEOUT must be a duration: write it like 1h, 30s, 1m30s or 250ms",
    );
    expect(validateEnv('timeouts', Timeouts, { TIMEOUT: '1m30s' }).TIMEOUT).toBe('1m30s');
  });
});

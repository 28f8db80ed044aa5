import { IsDuration, parseDuration } from './duration';
import { validateEnv } from './validate-env';

class Timeouts {
  @IsDuration()
  TIMEOUT: string = '30s';
}

describe('durations', () => {
  it.each([
    ['1h', 3_600_000],
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['250ms', 250],
    ['1h0m0s0ms0μs', 3_600_000],
  ])('parses %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '10', 'ten seconds', '5s later'])('rejects %p with an example of the format', (text) => {
    expect(() => parseDuration(text)).toThrow(`'${text}' is not a duration: write it like 1h, 30s, 1m30s or 250ms`);
  });

  it('validates duration variables at boot', () => {
    expect(() => validateEnv('timeouts', Timeouts, { TIMEOUT: '10' })).toThrow(
      "TIMEOUT ('10'): TIMEOUT must be a duration: write it like 1h, 30s, 1m30s or 250ms",
    );
  });
});

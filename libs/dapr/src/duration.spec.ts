import { formatDuration, parseDuration } from './duration';

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

  it('formats like the lab output of /dapr/config, in a form daprd parses back', () => {
    expect(formatDuration(3_600_000)).toBe('1h0m0s0ms0μs');
    expect(formatDuration(30_000)).toBe('0h0m30s0ms0μs');
    expect(formatDuration(60_000)).toBe('0h1m0s0ms0μs');
    expect(parseDuration(formatDuration(5_250))).toBe(5_250);
  });
});

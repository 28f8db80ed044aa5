import { parseDuration } from '@daca/config';
import { formatDuration } from './duration';

describe('formatDuration', () => {
  it('formats like the lab output of /dapr/config, in a form daprd parses back', () => {
    expect(formatDuration(3_600_000)).toBe('1h0m0s0ms0μs');
    expect(formatDuration(30_000)).toBe('0h0m30s0ms0μs');
    expect(formatDuration(60_000)).toBe('0h1m0s0ms0μs');
    expect(parseDuration(formatDuration(5_250))).toBe(5_250);
  });
});

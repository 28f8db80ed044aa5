import { Matches } from 'class-validator';

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 0.001, µs: 0.001, μs: 0.001 };
const PART = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|μs)/gy;
const FORMAT_HINT = 'write it like 1h, 30s, 1m30s or 250ms';

/** Milliseconds of a Go duration such as `1h`, `30s`, `1m30s` or `250ms` (the syntax Dapr uses). */
export function parseDuration(text: string): number {
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (const [match, amount, unit] of text.matchAll(PART)) {
    total += Number(amount) * UNIT_MS[unit];
    consumed += match.length;
  }
  if (text.length === 0 || consumed !== text.length) throw new Error(`'${text}' is not a duration: ${FORMAT_HINT}`);
  return total;
}

/** Validates an environment variable holding a Go duration (read it with parseDuration). */
export function IsDuration(): PropertyDecorator {
  return Matches(/^(\d+(\.\d+)?(h|ms|m|s|us|µs|μs))+$/, { message: `$property must be a duration: ${FORMAT_HINT}` });
}

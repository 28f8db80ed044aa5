const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 0.001, µs: 0.001, μs: 0.001 };
const PART = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|μs)/gy;

/** How a duration is written, for the messages that refuse one. */
export const DURATION_FORMAT_HINT = 'write it like 1h, 30s, 1m30s or 250ms';

/** Milliseconds of a Go duration such as `1h`, `30s`, `1m30s` or `250ms` (the syntax Dapr uses). */
export function parseDuration(text: string): number {
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (const [match, amount, unit] of text.matchAll(PART)) {
    total += Number(amount) * UNIT_MS[unit];
    consumed += match.length;
  }
  if (text.length === 0 || consumed !== text.length) {
    throw new Error(`'${text}' is not a duration: ${DURATION_FORMAT_HINT}`);
  }
  return total;
}

/**
 * Formats milliseconds as a Go duration the way the Dapr Python SDK shows them in /dapr/config
 * (`0h1m0s0ms0μs`), which the labs' expected outputs use; daprd parses it back.
 */
export function formatDuration(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1_000);
  const millis = Math.floor(ms % 1_000);
  const micros = Math.round((ms % 1) * 1_000);
  return `${hours}h${minutes}m${seconds}s${millis}ms${micros}μs`;
}

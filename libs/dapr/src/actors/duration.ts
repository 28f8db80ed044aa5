/**
 * Formats milliseconds the way the Dapr Python SDK shows them in /dapr/config (`0h1m0s0ms0μs`), which
 * the labs' expected outputs use; daprd parses it as a Go duration.
 */
export function formatDuration(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1_000);
  const millis = Math.floor(ms % 1_000);
  const micros = Math.round((ms % 1) * 1_000);
  return `${hours}h${minutes}m${seconds}s${millis}ms${micros}μs`;
}

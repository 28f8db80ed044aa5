import { PinoLogger } from 'nestjs-pino';

// A stdout that no longer drains must not keep a process alive that was told to exit.
const FLUSH_TIMEOUT_MS = 1_000;
let exiting = false;

/**
 * Exits with `code` once the log lines written so far have reached stdout. pino writes off the
 * request path; process.exit alone can cut off its last write, often the very line that says why.
 */
export function exitAfterLogs(code: number): void {
  // The first reason to exit wins: a deadline passing while the shutdown completes must stay exit 1.
  if (exiting) return;
  exiting = true;
  const exit = () => process.exit(code);
  setTimeout(exit, FLUSH_TIMEOUT_MS).unref();
  const root = PinoLogger.root as PinoLogger['logger'] | undefined;
  if (root) root.flush(exit);
  else exit();
}

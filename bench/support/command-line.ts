/**
 * Reads a bench script's command line and environment with `read` (node:util parseArgs in strict
 * mode throws on an unknown option): `--help` prints `usage` and exits 0; anything `read` throws on is
 * printed with `usage`, and the script exits 2 before it starts a stack.
 */
export function readCommandLine<T>(usage: string, read: (args: string[]) => T): T {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  try {
    return read(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    process.exit(2);
  }
}

/** `text` as a whole number ≥ 1; throws naming `name` (an option or variable) otherwise. */
export const whole = (name: string, text: string): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: '${text}' is not a whole number ≥ 1`);
  return value;
};

/** A whole number ≥ 1 from the environment, or `fallback` when unset. */
export function envCount(name: string, fallback: number): number {
  const text = process.env[name];
  return text ? whole(name, text) : fallback;
}

/** Comma-separated whole numbers ≥ 1 from the environment (e.g. BENCH_RATES=100,200,400), or `fallback` when unset. */
export function envCounts(name: string, fallback: number[]): number[] {
  const text = process.env[name];
  return text ? text.split(',').map((item) => whole(name, item.trim())) : fallback;
}

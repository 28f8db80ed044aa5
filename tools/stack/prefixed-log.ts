import type { LogSink } from './managed-process';

const COLORS = [36, 33, 35, 32, 34, 91, 96, 93, 95];

/** Writes each line to stdout behind its process's name, a colour per process on a terminal. */
export function prefixedLog(names: string[]): LogSink {
  const width = Math.max(...names.map((name) => name.length));
  const color = process.stdout.isTTY;
  return (name, line) => {
    const label = name.padEnd(width);
    const index = Math.max(0, names.indexOf(name)) % COLORS.length;
    const prefix = color ? `\x1b[${COLORS[index]}m${label}\x1b[0m` : label;
    process.stdout.write(`${prefix} | ${line}\n`);
  };
}

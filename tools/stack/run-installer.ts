import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs one of the repository's install scripts (tools/<tool>/install.sh), which finds or builds a tool
 * and prints where it is on its last line; its progress goes to stderr, seen while it builds.
 */
export function runInstaller(rootDir: string, script: string, args: string[] = []): string {
  const out = execFileSync('bash', [join(rootDir, script), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return out.trim().split('\n').pop() ?? '';
}

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT_DIR } from './e2e-stack';

/**
 * Copies the repository's files (committed ones, and new ones git does not ignore) into `dir` and links
 * its node_modules there: a workspace to change without touching this one.
 */
export function copyRepository(dir: string): void {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: ROOT_DIR,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(ROOT_DIR, file)));
  for (const file of files) cpSync(join(ROOT_DIR, file), join(dir, file), { recursive: true });
  symlinkSync(join(ROOT_DIR, 'node_modules'), join(dir, 'node_modules'));
}

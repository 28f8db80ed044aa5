import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What an install script of tools/ answered: its exit status, stdout trimmed (a directory), stderr. */
export interface InstallAnswer {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs install script `script` with `args`, in `env` on top of this PATH only. */
export function runInstallScript(script: string, args: string[], env: Record<string, string>): InstallAnswer {
  const { status, stdout, stderr } = spawnSync('bash', [script, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return { status, stdout: stdout.trim(), stderr };
}

/** A directory of stand-in executables `names`, each a shell script running `body`. */
export function fakeBinDir(dir: string, names: string[], body = ''): string {
  mkdirSync(dir, { recursive: true });
  for (const name of names) {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}`);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

/** The recipe part of a build cache's name (tools/cached-binaries.sh, use_cache): a hash of `files`. */
export function cacheRecipe(files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

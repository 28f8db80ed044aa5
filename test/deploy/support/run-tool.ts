import { spawnSync } from 'node:child_process';
import { ROOT_DIR } from '../../support/e2e-stack';

/**
 * Runs a command in the repository root, with `env` over the process's environment, and returns its
 * stdout; fails with its stderr when it fails.
 */
export function runTool(command: string, args: string[], env: Record<string, string> = {}): string {
  const result = spawnSync(command, args, {
    cwd: ROOT_DIR,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) {
    throw new Error(
      `${command} could not run (${result.error.message}): run 'bash scripts/setup.sh', which installs it`,
    );
  }
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${result.stderr}${result.stdout}`);
  }
  return result.stdout;
}

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Finds or builds the pinned Dapr runtime (tools/dapr/install.sh); its progress goes to stderr. */
export function daprBinDir(rootDir: string): string {
  const out = execFileSync('bash', [join(rootDir, 'tools/dapr/install.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return out.trim().split('\n').pop() ?? '';
}

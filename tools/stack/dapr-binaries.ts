import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInstaller } from './run-installer';

/** The Dapr runtime release pinned in tools/dapr/go.mod, without its leading v (e.g. 1.18.2). */
export function pinnedDaprVersion(rootDir: string): string {
  const goMod = readFileSync(join(rootDir, 'tools/dapr/go.mod'), 'utf8');
  const version = /^\s*github\.com\/dapr\/dapr v(\S+)/m.exec(goMod)?.[1];
  if (!version) throw new Error('tools/dapr/go.mod does not require github.com/dapr/dapr');
  return version;
}

/** Finds or builds the pinned Dapr runtime (tools/dapr/install.sh); its progress goes to stderr. */
export function daprBinDir(rootDir: string): string {
  return runInstaller(rootDir, 'tools/dapr/install.sh');
}

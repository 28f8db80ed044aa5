import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pinnedDaprVersion } from '../../stack/dapr-binaries';
import { runInstaller } from '../../stack/run-installer';

const ROOT_DIR = resolve(__dirname, '../../..');
/** The namespace of Dapr's control plane, as in Dapr's own install instructions. */
export const DAPR_NAMESPACE = 'dapr-system';
const VALUES_FILE = join(ROOT_DIR, 'tools/k8s/dapr-values.yaml');

/** Runs helm with its configuration, cache and data in `home` (nothing of the user's is read or written). */
function helm(binary: string, home: string, args: readonly string[]): Promise<string> {
  const env = {
    PATH: process.env.PATH ?? '',
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
  };
  return new Promise((resolve, reject) => {
    execFile(binary, args, { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`helm ${args[0]} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

/**
 * Dapr's control plane for the local cluster as one YAML stream: the Namespace, the chart's CRDs and
 * `helm template` of the chart in the pinned Dapr module (no network) with tools/k8s/dapr-values.yaml,
 * the pinned version as image tag, and Dapr's HA mode (3 replicas of each control-plane service) when
 * `ha`. Builds helm (tools/helm/install.sh) and fetches the module into Go's cache on first use.
 */
export async function renderDaprControlPlane({ ha }: { ha: boolean }): Promise<string> {
  const helmBinary = runInstaller(ROOT_DIR, 'tools/helm/install.sh');
  const chart = resolve(runInstaller(ROOT_DIR, 'tools/deploy/dapr-crds.sh'), '..');
  const home = mkdtempSync(join(tmpdir(), 'daca-helm-'));
  try {
    const rendered = await helm(helmBinary, home, [
      'template',
      'dapr',
      chart,
      '--namespace',
      DAPR_NAMESPACE,
      '--include-crds',
      '--values',
      VALUES_FILE,
      '--set',
      `global.tag=${pinnedDaprVersion(ROOT_DIR)}`,
      '--set',
      `global.ha.enabled=${ha}`,
    ]);
    const namespace = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${DAPR_NAMESPACE}\n`;
    return `${namespace}---\n${rendered}`;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

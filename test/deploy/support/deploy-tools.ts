import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT_DIR } from '../../support/e2e-stack';
import { runTool } from './run-tool';

/** A Kubernetes resource as kustomize emits it. */
export interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  scopes?: string[];
  auth?: unknown;
  [field: string]: unknown;
}

let toolsDir: string | undefined;

/** Path of `kustomize`, `python` or `tiltfile-check` from tools/deploy/install.sh (built once, then cached). */
export function deployTool(name: 'kustomize' | 'python' | 'tiltfile-check'): string {
  toolsDir ??= execFileSync('bash', [join(ROOT_DIR, 'tools/deploy/install.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  return join(toolsDir, name);
}

const builds = new Map<string, string>();

/**
 * The YAML stream of `kustomize build` of a directory of the repository, or of an absolute directory
 * (built once per test file).
 */
export function kustomizeBuild(dir: string): string {
  let built = builds.get(dir);
  if (built === undefined) {
    built = runTool(deployTool('kustomize'), ['build', resolve(ROOT_DIR, dir)]);
    builds.set(dir, built);
  }
  return built;
}

export function resources(yamlStream: string): Resource[] {
  return parseAllDocuments(yamlStream)
    .map((doc) => doc.toJS() as Resource | null)
    .filter((resource): resource is Resource => resource !== null);
}

// Kubernetes minor releases whose schemas every resource must pass: the oldest and newest that
// kubernetes-validate 1.37.0 carries within the range of Dapr 1.18's supported clusters and beyond.
const KUBERNETES_VERSIONS = ['1.30.0', '1.37.0'];
let crds: string | undefined;

/**
 * tools/deploy/validate-k8s.py on a YAML stream: every resource strictly against the Kubernetes schemas
 * of KUBERNETES_VERSIONS and the Dapr CRDs of the pinned release; one line per resource, ERROR lines.
 */
export function validateKubernetes(yamlStream: string): { status: number | null; output: string } {
  crds ??= runTool('bash', ['tools/deploy/dapr-crds.sh']).trim();
  const result = spawnSync(
    deployTool('python'),
    [
      join(ROOT_DIR, 'tools/deploy/validate-k8s.py'),
      ...KUBERNETES_VERSIONS.flatMap((version) => ['--kubernetes-version', version]),
      '--crds',
      crds,
      '-',
    ],
    { input: yamlStream, encoding: 'utf8' },
  );
  return { status: result.status, output: result.stdout + result.stderr };
}

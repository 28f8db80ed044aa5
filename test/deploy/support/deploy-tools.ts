import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
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

/** The YAML stream of `kustomize build` of a directory of the repository (built once per test file). */
export function kustomizeBuild(dir: string): string {
  let built = builds.get(dir);
  if (built === undefined) {
    built = runTool(deployTool('kustomize'), ['build', join(ROOT_DIR, dir)]);
    builds.set(dir, built);
  }
  return built;
}

export function resources(yamlStream: string): Resource[] {
  return parseAllDocuments(yamlStream)
    .map((doc) => doc.toJS() as Resource | null)
    .filter((resource): resource is Resource => resource !== null);
}

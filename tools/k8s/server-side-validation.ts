import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runInstaller } from '../stack/run-installer';
import { startApiServer, type ApiServer, type KubectlResult } from './api-server';

interface Manifest {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: { conversion?: { strategy: string } };
}

function manifests(yamlStream: string): Manifest[] {
  return parseAllDocuments(yamlStream)
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((manifest): manifest is Manifest => manifest !== null);
}

/**
 * Resources as kubectl input: a stream of JSON documents, each judged on its own. JSON, as kubectl reads
 * YAML 1.1, where strings that YAML 1.2 writes unquoted (`no`, `on`, `yes`) are booleans; no List, which
 * kubectl would check against its own copy of the schemas before the server sees anything.
 */
export function kubectlInput(resources: object[]): string {
  return resources.map((resource) => JSON.stringify(resource)).join('\n---\n');
}

/** Fails with kubectl's own words when it failed. */
function expectSuccess(what: string, result: KubectlResult): string {
  if (result.status !== 0) throw new Error(`${what} failed (kubectl exited with ${result.status}):\n${result.stderr}`);
  return result.stdout;
}

/**
 * The Dapr CRDs of a chart's crds/ directory, as one YAML stream. Their webhook conversion (Subscription
 * v1alpha1 ⇄ v2alpha1) is served by the Dapr operator, which an API-only server does not run; strategy
 * None only rewrites apiVersion, which is enough to check each resource against its own version's schema.
 */
export function daprCrdsWithoutConversion(crdsDir: string): string {
  const crds = readdirSync(crdsDir)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .flatMap((file) => manifests(readFileSync(join(crdsDir, file), 'utf8')))
    .filter((manifest) => manifest.kind === 'CustomResourceDefinition')
    .map((crd) => ({ ...crd, spec: { ...crd.spec, conversion: { strategy: 'None' } } }));
  return kubectlInput(crds);
}

/** The namespaces a YAML stream puts its resources in, and the Namespaces it declares. */
export function namespacesOf(yamlStream: string): string[] {
  const names = manifests(yamlStream).flatMap((manifest) =>
    manifest.kind === 'Namespace' ? [manifest.metadata?.name] : [manifest.metadata?.namespace],
  );
  return [...new Set(names.filter((name): name is string => name !== undefined))].sort();
}

/** Anything kubectl can be run against: an ApiServer, a LocalCluster. */
export type KubectlClient = Pick<ApiServer, 'kubectl'>;

/** Installs the CRDs and waits until the apiserver serves them. */
export async function installCrds(server: KubectlClient, crds: string): Promise<void> {
  expectSuccess('installing the Dapr CRDs', await server.kubectl(['apply', '-f', '-'], crds));
  expectSuccess(
    'waiting for the Dapr CRDs to be established',
    await server.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all']),
  );
}

/**
 * Creates the namespaces for real: a dry run creates nothing, so the resources of a namespace that only
 * the same dry run "creates" would be refused (NamespaceLifecycle admission).
 */
export async function createNamespaces(server: KubectlClient, names: string[]): Promise<void> {
  const namespaces = names.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  expectSuccess(
    `creating namespaces ${names.join(', ')}`,
    await server.kubectl(['apply', '-f', '-'], kubectlInput(namespaces)),
  );
}

/** The rendering of a kustomization by the kustomize built into kubectl. */
export async function kustomize(server: KubectlClient, dir: string): Promise<string> {
  return expectSuccess(`kubectl kustomize ${dir}`, await server.kubectl(['kustomize', dir]));
}

/**
 * Every resource through the apiserver's whole write path (decoding with strict field validation,
 * defaulting, validation, admission, CRD schemas) without storing anything.
 */
export function dryRunApply(
  server: KubectlClient,
  source: { kustomization: string } | { input: string },
): Promise<KubectlResult> {
  const args = ['apply', '--dry-run=server', '--validate=strict'];
  return 'kustomization' in source
    ? server.kubectl([...args, '-k', source.kustomization])
    : server.kubectl([...args, '-f', '-'], source.input);
}

/**
 * An API server of the pinned Kubernetes release (built by tools/k8s/install.sh on first use) that knows
 * the Dapr CRDs of the pinned Dapr release: what `kubectl apply --dry-run=server` needs to judge our
 * manifests. Stop it with stop().
 */
export async function startValidationServer(rootDir: string): Promise<ApiServer> {
  const binDir = runInstaller(rootDir, 'tools/k8s/install.sh');
  const crdsDir = runInstaller(rootDir, 'tools/deploy/dapr-crds.sh');
  const server = await startApiServer({ binDir });
  try {
    await installCrds(server, daprCrdsWithoutConversion(crdsDir));
    return server;
  } catch (error) {
    await server.stop();
    throw error;
  }
}

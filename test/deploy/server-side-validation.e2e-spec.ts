import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startApiServer, type ApiServer } from '../../tools/k8s/api-server';
import {
  createNamespaces,
  dryRunApply,
  kubectlInput,
  kustomize,
  namespacesOf,
  startValidationServer,
} from '../../tools/k8s/server-side-validation';
import { isPortFree } from '../../tools/stack/ports';
import { ROOT_DIR } from '../support/e2e-stack';
import { resources, type Resource } from './support/deploy-tools';

// The first run builds kube-apiserver and kubectl (tools/k8s/install.sh, minutes); later ones start in seconds.
const FIRST_BUILD_MS = 20 * 60_000;

const find = (all: Resource[], kind: string, name: string): Resource =>
  all.find((resource) => resource.kind === kind && resource.metadata.name === name) as Resource;

describe('server-side validation: kubectl apply --dry-run=server against a kube-apiserver with the Dapr CRDs', () => {
  let server: ApiServer;

  beforeAll(async () => {
    server = await startValidationServer(ROOT_DIR);
  }, FIRST_BUILD_MS);

  afterAll(() => server?.stop());

  it.each(['dev', 'prod'])('accepts every resource of k8s/overlays/%s', async (overlay) => {
    const dir = join(ROOT_DIR, 'k8s/overlays', overlay);
    const built = await kustomize(server, dir);
    await createNamespaces(server, namespacesOf(built));

    const result = await dryRunApply(server, { kustomization: dir });

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const judged = result.stdout.split('\n').filter((line) => line.endsWith(' (server dry run)'));
    expect(judged).toHaveLength(resources(built).length);
  });

  it('refuses what a schema check lets through, and unknown fields of Kubernetes and Dapr resources', async () => {
    const all = resources(await kustomize(server, join(ROOT_DIR, 'k8s/overlays/dev')));
    const mismatched = structuredClone(find(all, 'Deployment', 'callee-app')) as Resource & {
      spec: { selector: { matchLabels: Record<string, string> } };
    };
    mismatched.spec.selector.matchLabels = { 'app.kubernetes.io/name': 'nobody' };
    const misspelt = structuredClone(find(all, 'Deployment', 'chat-agent'));
    misspelt.spec = { ...misspelt.spec, replicass: 2 };
    const component = structuredClone(find(all, 'Component', 'statestore'));
    component.spec = { ...component.spec, versionn: 'v1' };

    const result = await dryRunApply(server, {
      input: kubectlInput([mismatched, misspelt, component]),
    });

    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Deployment.*"callee-app".*selector.*does not match template `labels`/);
    expect(result.stderr).toMatch(/Deployment in version "v1" .*strict decoding error: unknown field "spec.replicass"/);
    expect(result.stderr).toMatch(
      /Component in version "v1alpha1" .*strict decoding error: unknown field "spec.versionn"/,
    );
    expect(result.stdout).not.toContain('created');
  });

  // Last: the other tests share this server.
  it('leaves no process, port or file behind when stopped', async () => {
    const port = Number(new URL(server.url).port);

    await server.stop();

    expect(existsSync(dirname(server.kubeconfig))).toBe(false);
    expect(await isPortFree(port)).toBe(true);
  });
});

describe('the API server of server-side validation', () => {
  const leftovers = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith('daca-k8s-api-'));

  it('removes its directory and says why when it cannot start', async () => {
    const before = leftovers();

    const failed = startApiServer({ binDir: '/nonexistent', etcd: 'false', startTimeoutMs: 5_000 });

    await expect(failed).rejects.toThrow(/etcd exited before it became healthy.*; is Debian's etcd-server installed/);
    expect(leftovers()).toEqual(before);
  });
});

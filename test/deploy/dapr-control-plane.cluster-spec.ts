import { join } from 'node:path';
import { type ApiServer } from '../../tools/k8s/api-server';
import { buildDaprImages, DAPR_COMPONENTS, daprImageRef } from '../../tools/k8s/dapr-control-plane/images';
import { DAPR_NAMESPACE, renderDaprControlPlane } from '../../tools/k8s/dapr-control-plane/render';
import { buildah, defaultImageStore, runInImage } from '../../tools/k8s/images/buildah';
import { buildImageFromFiles } from '../../tools/k8s/images/files-image';
import { createNamespaces, dryRunApply, startValidationServer } from '../../tools/k8s/server-side-validation';
import { pinnedDaprVersion } from '../../tools/stack/dapr-binaries';
import { runInstaller } from '../../tools/stack/run-installer';
import { ROOT_DIR } from '../support/e2e-stack';
import { resources, type Resource } from './support/deploy-tools';

// The first run builds Dapr's operator and injector, helm, kube-apiserver and kubectl (minutes each);
// later runs find them cached and the images up to date.
const FIRST_BUILD_MS = 30 * 60_000;

interface EnvVar {
  name: string;
  value?: string;
}

/** Every image a stream's resources run, and the daprd image the injector is told to inject. */
function imagesNamed(all: Resource[]): string[] {
  const images = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'image' && typeof value === 'string') images.add(value);
        if (key === 'env' && Array.isArray(value))
          for (const env of value as EnvVar[]) if (env.name === 'SIDECAR_IMAGE' && env.value) images.add(env.value);
        visit(value);
      }
    }
  };
  all.forEach(visit);
  return [...images].sort();
}

const workloads = (all: Resource[]): Resource[] =>
  all.filter((resource) => resource.kind === 'Deployment' || resource.kind === 'StatefulSet');

describe("Dapr's control plane for the local cluster: the pinned chart rendered, checked by a real API server", () => {
  let server: ApiServer;
  let images: string[];

  beforeAll(async () => {
    images = await buildDaprImages();
    server = await startValidationServer(ROOT_DIR);
  }, FIRST_BUILD_MS);

  afterAll(() => server?.stop());

  it.each([false, true])(
    'with ha=%s, every resource passes kubectl apply --dry-run=server and runs only images buildDaprImages builds',
    async (ha) => {
      const rendered = await renderDaprControlPlane({ ha });
      const all = resources(rendered);
      await createNamespaces(server, [DAPR_NAMESPACE]);

      const result = await dryRunApply(server, { input: rendered });

      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const judged = result.stdout.split('\n').filter((line) => line.endsWith(' (server dry run)'));
      expect(judged).toHaveLength(all.length);
      expect(all.filter((resource) => resource.kind === 'CustomResourceDefinition').length).toBeGreaterThan(5);
      expect(imagesNamed(all)).toEqual([...images].sort());
      for (const workload of workloads(all)) {
        // No PersistentVolumeClaims: the one-node cluster has no storage provisioner to bind them.
        expect({ name: workload.metadata.name, claims: workload.spec?.volumeClaimTemplates }).toEqual({
          name: workload.metadata.name,
          claims: undefined,
        });
        expect(workload.metadata.namespace).toBe(DAPR_NAMESPACE);
      }
      const replicas = workloads(all).map((workload) => [workload.metadata.name, workload.spec?.replicas]);
      expect(Object.fromEntries(replicas)).toEqual({
        'dapr-operator': ha ? 3 : 1,
        'dapr-placement-server': ha ? 3 : 1,
        'dapr-scheduler-server': 3,
        'dapr-sentry': ha ? 3 : 1,
        'dapr-sidecar-injector': ha ? 3 : 1,
      });
    },
  );

  it('refuses a render whose Dapr Configuration breaks its CRD schema', async () => {
    const all = resources(await renderDaprControlPlane({ ha: false }));
    const configuration = all.find((resource) => resource.kind === 'Configuration') as Resource;
    configuration.spec = { ...configuration.spec, mtls: { enabled: 'yes please' } };

    const result = await dryRunApply(server, { input: JSON.stringify(configuration) });

    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/spec\.mtls\.enabled: Invalid value: "string"/);
  });
});

describe('the Dapr images', () => {
  const store = defaultImageStore();
  const broken = 'localhost/daca-nest/placement-without-libraries:test';

  beforeAll(() => buildDaprImages(store), FIRST_BUILD_MS);

  afterAll(() => buildah(store, ['rmi', broken]).catch(() => undefined));

  it.each(DAPR_COMPONENTS)(
    '%s runs its entrypoint as a numeric non-root user, libraries all there',
    async (component) => {
      const ref = daprImageRef(component);
      const format = '{{.OCIv1.Config.User}} {{.OCIv1.Config.Entrypoint}}';
      expect(await buildah(store, ['inspect', '--type', 'image', '--format', format, ref])).toBe(
        `65532:65532 [/${component}]`,
      );

      // daprd alone has --version; the others print their usage for --help (and exit 2, as pflag does).
      const run = await runInImage(store, ref, [`/${component}`, component === 'daprd' ? '--version' : '--help']);

      if (component === 'daprd') expect(run).toEqual({ status: 0, output: pinnedDaprVersion(ROOT_DIR) });
      else expect(run.output).toMatch(new RegExp(`^Usage of /?${component}:`, 'm'));
    },
  );

  it('would catch a missing library: the same binary without them does not start', async () => {
    const binary = join(runInstaller(ROOT_DIR, 'tools/dapr/install.sh'), 'placement');
    await buildImageFromFiles(store, {
      ref: broken,
      files: [{ source: binary, target: '/placement' }],
      entrypoint: ['/placement'],
    });

    const run = await runInImage(store, broken, ['/placement', '--help']);

    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/No such file or directory/);
  });
});

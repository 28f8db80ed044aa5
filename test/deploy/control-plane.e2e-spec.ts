import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '../../tools/k8s/api-server';
import { CONTROL_PLANE_BINARIES, startControlPlane } from '../../tools/k8s/control-plane';
import { createNamespaces, kubectlInput, kustomize } from '../../tools/k8s/server-side-validation';
import { isPortFree } from '../../tools/stack/ports';
import { runInstaller } from '../../tools/stack/run-installer';
import { eventually } from '../support/eventually';
import { ROOT_DIR } from '../support/e2e-stack';
import { resources } from './support/deploy-tools';

// The first run builds the control plane's binaries (tools/k8s/install.sh, minutes); later ones start in seconds.
const FIRST_BUILD_MS = 20 * 60_000;

// The short version of `npm run cluster`: its control plane, without the overlay's Dapr resources.
describe('the control plane of npm run cluster', () => {
  let server: ApiServer;

  beforeAll(async () => {
    const binDir = runInstaller(ROOT_DIR, 'tools/k8s/install.sh', CONTROL_PLANE_BINARIES);
    server = await startApiServer({ binDir });
    await startControlPlane(server, binDir);
  }, FIRST_BUILD_MS);

  afterAll(() => server?.stop());

  it("rolls the dev overlay's Redis out to a ReplicaSet and a Pod, which the scheduler finds no node for", async () => {
    const all = resources(await kustomize(server, join(ROOT_DIR, 'k8s/overlays/dev')));
    const redis = all.filter((resource) => resource.metadata.name === 'redis');
    await createNamespaces(server, ['daca-dev']);

    const applied = await server.kubectl(['apply', '-f', '-'], kubectlInput(redis));

    expect(applied.stderr).toBe('');
    const pending = await eventually(
      "redis's pod reported unschedulable",
      async () =>
        (
          await server.kubectl([
            '-n',
            'daca-dev',
            'get',
            'events',
            '--field-selector=reason=FailedScheduling',
            '-o=jsonpath={range .items[*]}{.involvedObject.name}: {.message}{"\\n"}{end}',
          ])
        ).stdout,
      (events) => events.includes('no nodes available'),
      60_000,
    );
    expect(pending).toMatch(/^redis-[a-z0-9]+-[a-z0-9]+: .*no nodes available to schedule pods/m);
    const replicaSets = await server.kubectl(['-n', 'daca-dev', 'get', 'replicasets', '-o=name']);
    expect(replicaSets.stdout).toMatch(/^replicaset.apps\/redis-[a-z0-9]+$/m);
  });

  // Last: the other test shares this control plane.
  it('stops, freeing its port and removing its directory', async () => {
    await server.stop();

    expect(existsSync(server.dir)).toBe(false);
    expect(await isPortFree(Number(new URL(server.url).port))).toBe(true);
  });
});

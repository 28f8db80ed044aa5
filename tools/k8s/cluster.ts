import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runInstaller } from '../stack/run-installer';
import { startApiServer } from './api-server';
import { CONTROL_PLANE_BINARIES, startControlPlane } from './control-plane';
import {
  createNamespaces,
  daprCrdsWithoutConversion,
  installCrds,
  kustomize,
  namespacesOf,
} from './server-side-validation';

const ROOT_DIR = resolve(__dirname, '../..');
const OVERLAY = 'k8s/overlays/dev';
const USAGE = `usage: npm run cluster [-- --help]
  The first steps of a local Kubernetes cluster of the pinned release: etcd, kube-apiserver,
  kube-controller-manager and kube-scheduler on free loopback ports in a temporary directory, the Dapr CRDs,
  the dev tokens and ${OVERLAY} applied. There is no node yet (no kubelet, container runtime or Dapr
  control plane): the Deployments get their ReplicaSets and Pods, which stay Pending. Prints how to reach
  it with kubectl, then runs until Ctrl-C, which stops everything and removes the directory.
  --help   print this`;

function readHelp(): boolean {
  try {
    return parseArgs({ options: { help: { type: 'boolean' } } }).values.help === true;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  if (readHelp()) {
    console.log(USAGE);
    return;
  }
  const binDir = runInstaller(ROOT_DIR, 'tools/k8s/install.sh', CONTROL_PLANE_BINARIES);
  const crdsDir = runInstaller(ROOT_DIR, 'tools/deploy/dapr-crds.sh');
  const server = await startApiServer({ binDir });
  const stop = (): void => void server.stop().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await startControlPlane(server, binDir);
    await installCrds(server, daprCrdsWithoutConversion(crdsDir));
    const overlay = join(ROOT_DIR, OVERLAY);
    await createNamespaces(server, namespacesOf(await kustomize(server, overlay)));
    const env = { ...process.env, KUBECONFIG: server.kubeconfig, PATH: `${binDir}:${process.env.PATH ?? ''}` };
    spawnSync('bash', [join(ROOT_DIR, 'tools/deploy/dev-tokens.sh'), 'daca-dev'], { env, stdio: 'inherit' });
    const applied = await server.kubectl(['apply', '-k', overlay]);
    process.stdout.write(applied.stdout + applied.stderr);
  } catch (error) {
    await server.stop();
    throw error;
  }
  console.log(`
The control plane is up (no node yet: pods stay Pending). Reach it with:
  export KUBECONFIG=${server.kubeconfig} PATH=${binDir}:$PATH
  kubectl -n daca-dev get deployments,replicasets,pods
Ctrl-C stops it and removes ${server.dir}.`);
}

main().catch((error: Error) => {
  console.error(`cluster: ${error.message}`);
  process.exit(1);
});

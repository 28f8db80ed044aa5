import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runInstaller } from '../stack/run-installer';
import { startLocalCluster } from './local-cluster';
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
  A local one-node Kubernetes cluster of the pinned release, in a network namespace of its own (root
  needed): etcd and the control plane on the node's address, containerd, the kubelet, kube-proxy, CoreDNS
  and metrics-server, then the Dapr CRDs, the dev tokens and ${OVERLAY}. There is no Dapr control plane
  and no registry yet: the apps' pods wait for their images (ImagePullBackOff). Prints how to reach it with
  kubectl, then runs until Ctrl-C or SIGTERM, which stops everything and removes it.
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
  runInstaller(ROOT_DIR, 'tools/k8s/install-node.sh');
  const crdsDir = runInstaller(ROOT_DIR, 'tools/deploy/dapr-crds.sh');
  // A signal during the start waits for it: a cluster left halfway would leave its namespace and mounts.
  let stopRequested = false;
  let stop = (): void => {
    stopRequested = true;
    console.error('stopping as soon as the cluster has started (it cannot be left halfway)');
  };
  const onSignal = (): void => stop();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const cluster = await startLocalCluster();
  stop = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    console.error('stopping the cluster');
    void cluster.stop().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(`cluster: ${error.message}`);
        process.exit(1);
      },
    );
  };
  if (stopRequested) {
    stop();
    return;
  }
  try {
    await installCrds(cluster, daprCrdsWithoutConversion(crdsDir));
    const overlay = join(ROOT_DIR, OVERLAY);
    await createNamespaces(cluster, namespacesOf(await kustomize(cluster, overlay)));
    const env = { ...process.env, KUBECONFIG: cluster.kubeconfig, PATH: `${cluster.binDir}:${process.env.PATH ?? ''}` };
    spawnSync('bash', [join(ROOT_DIR, 'tools/deploy/dev-tokens.sh'), 'daca-dev'], { env, stdio: 'inherit' });
    const applied = await cluster.kubectl(['apply', '-k', overlay]);
    process.stdout.write(applied.stdout + applied.stderr);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  console.log(`
The cluster is up: node ${cluster.nodeAddress} (apiserver on port 6443), this machine ${cluster.hostAddress}.
Reach it with:
  export KUBECONFIG=${cluster.kubeconfig} PATH=${cluster.binDir}:$PATH
  kubectl get nodes; kubectl top node; kubectl -n daca-dev get deployments,pods
Ctrl-C stops it and removes ${cluster.dir}.`);
}

main().catch((error: Error) => {
  console.error(`cluster: ${error.message}`);
  process.exit(1);
});

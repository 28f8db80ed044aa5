import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { runInstaller } from '../stack/run-installer';
import { startLocalSystem, type Deployment, type LocalSystem } from './local-system';

const ROOT_DIR = resolve(__dirname, '../..');
const OVERLAY = 'k8s/overlays/dev';
const NAMESPACE = 'daca-dev';
const USAGE = `usage: npm run cluster [-- --ha] [-- --help]
  The Kubernetes twin of npm start (root needed): a one-node cluster of the pinned release in a network
  namespace of its own (etcd, the control plane, containerd, the kubelet, kube-proxy, CoreDNS,
  metrics-server), an image registry on this machine's end of its veth pair, the app images built from the
  Dockerfile and the support and Dapr images pushed there, Dapr's control plane from the pinned chart, and
  ${OVERLAY} deployed with the Secrets it needs. Prints how to reach it and how to run the Tiltfile
  against it (Tilt from tools/tilt/install.sh), then runs until Ctrl-C or
  SIGTERM, which stops everything and removes it. The first run builds for a long time (README: Kubernetes).
  --ha     Dapr's control plane in HA mode (3 replicas of each service)
  --help   print this`;

function readOptions(): { help: boolean; ha: boolean } {
  try {
    const { values } = parseArgs({ options: { help: { type: 'boolean' }, ha: { type: 'boolean' } } });
    return { help: values.help === true, ha: values.ha === true };
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

/** Tilt's directory, built the first time; the cluster is of use without it, so a failed build is only said. */
function findTilt(): string {
  try {
    return runInstaller(ROOT_DIR, 'tools/tilt/install.sh');
  } catch {
    console.error('cluster: Tilt could not be built (see above); the cluster runs without it, and the export');
    console.error('printed below builds it again once the cause is fixed');
    return '$(bash tools/tilt/install.sh)';
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  if (options.help) {
    console.log(USAGE);
    return;
  }
  runInstaller(ROOT_DIR, 'tools/k8s/install-node.sh');
  // A signal during the start waits for it: a cluster left halfway would leave its namespace and mounts.
  let stopRequested = false;
  let stop = (): void => {
    stopRequested = true;
    console.error('stopping as soon as the cluster has started (it cannot be left halfway)');
  };
  const onSignal = (): void => stop();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const system: LocalSystem = await startLocalSystem({ ha: options.ha });
  stop = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    console.error('stopping the cluster');
    void system.stop().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(`cluster: ${error.message}`);
        process.exit(1);
      },
    );
  };
  if (stopRequested) return stop();
  let deployment: Deployment;
  try {
    deployment = await system.deploy(OVERLAY, NAMESPACE);
  } catch (error) {
    await system.stop();
    throw error;
  }
  const { cluster, registry } = system;
  const tiltDir = findTilt();
  console.log(`
The cluster is up: node ${cluster.nodeAddress} (apiserver on port 6443), registry ${registry.address}.
Reach it with:
  export KUBECONFIG=${cluster.kubeconfig} PATH=${cluster.binDir}:$PATH
  kubectl -n ${NAMESPACE} get deployments,pods; kubectl top pods -A
  kubectl -n ${NAMESPACE} port-forward deploy/caller-app 8002 &  curl localhost:8002/call-greet/Alice
  kubectl -n ${NAMESPACE} port-forward deploy/chat-agent 8000 &  curl -H 'content-type: application/json' \\
    -d '{"role":"user","content":"hi"}' localhost:8000/chat/alice
The Tiltfile against it (images built with buildah and pushed to ${registry.address}), in that shell:
  export PATH=${tiltDir}:$PATH DACA_LOCAL_REGISTRY=${registry.address} \\
    DACA_LOCAL_KUSTOMIZATION=${deployment.kustomizationDir}
  tilt up        (or tilt ci: build, deploy, wait until every resource is ready, then exit)
Ctrl-C stops it and removes ${cluster.dir}.`);
}

main().catch((error: Error) => {
  console.error(`cluster: ${error.message}`);
  process.exit(1);
});

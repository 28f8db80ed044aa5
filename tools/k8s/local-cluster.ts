import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ManagedProcess } from '../stack/managed-process';
import { runInstaller } from '../stack/run-installer';
import { startApiServer, type ApiServer, type KubectlResult } from './api-server';
import { createCertificateAuthority } from './certificate-authority';
import { ADDON_IMAGES, addonManifests, CLUSTER_DNS } from './cluster-addons';
import { nodeContainerd, type NodeContainerd } from './containerd';
import { CONTROL_PLANE_BINARIES, startControlPlane } from './control-plane';
import { defaultImageStore, exportOciArchive, type ImageStore } from './images/buildah';
import { buildImageFromFiles, executableWithLibraries } from './images/files-image';
import { buildStaticGoImage } from './images/static-go-image';
import { kubeProxySpec } from './kube-proxy';
import { kubeletSpec } from './kubelet';
import { cleanUpNode } from './node-cleanup';
import { createNodeNetwork, POD_CIDR, type NodeNetwork } from './node-network';
import { waitFor } from './wait-for';

export interface LocalClusterOptions {
  /**
   * host:port of a plain-HTTP registry reachable from the node (e.g. `${network.hostAddress}:5000`); when set,
   * containerd pulls docker.io, ghcr.io and registry.k8s.io images from it (mirrors), so manifests keep their
   * real names.
   */
  registryMirror?: string;
  /**
   * The node's network, made beforehand with createNodeNetwork() when its `hostAddress` must be known before
   * the start (a registry that binds there); the cluster owns it from then on and stop() removes it.
   */
  network?: NodeNetwork;
  onProgress?: (line: string) => void;
}

/** A one-node cluster of the pinned release in a network namespace of its own, until stop(). */
export interface LocalCluster {
  /** Admin kubeconfig usable from this machine (outside the namespace). */
  readonly kubeconfig: string;
  /** Holds kubectl. */
  readonly binDir: string;
  /** The node's address inside its namespace, which the apiserver serves on (port 6443). */
  readonly nodeAddress: string;
  /** This machine's end of the veth pair: reachable from the node and from pods. */
  readonly hostAddress: string;
  /** The cluster's temporary directory (control plane, containerd, kubelet), removed by stop(). */
  readonly dir: string;
  /** The node's network namespace (`ip netns` name). */
  readonly netnsName: string;
  /** The pods' parent cgroup in every hierarchy, e.g. /daca-node-ab12cd. */
  readonly podCgroup: string;
  kubectl(args: string[], input?: string): Promise<KubectlResult>;
  /** Copies an image of the buildah store (images/buildah.ts) into the node, for pods that never pull it. */
  loadImage(ref: string): Promise<void>;
  /** Stops everything; leaves no process, mount, cgroup, namespace, veth, nft table or directory. */
  stop(): Promise<void>;
}

/** What tools/k8s/install.sh must build for a local cluster. */
export const LOCAL_CLUSTER_BINARIES = [...CONTROL_PLANE_BINARIES, 'kubelet', 'kube-proxy'];
/** The pods' sandbox image, built here (a pause image cannot be pulled). */
export const PAUSE_IMAGE = 'localhost/daca-nest/pause:1';

const ROOT_DIR = resolve(__dirname, '../..');
const NODE_NAME = 'daca-node';
const READY_TIMEOUT_MS = 180_000;

async function importImage(containerd: NodeContainerd, store: ImageStore, ref: string): Promise<void> {
  const archive = join(containerd.dir, `import-${randomBytes(4).toString('hex')}.tar`);
  try {
    await exportOciArchive(store, ref, archive);
    await containerd.ctr(['images', 'import', archive]);
  } finally {
    rmSync(archive, { force: true });
  }
}

/** Builds the images the node needs and loads them into its containerd. */
async function loadNodeImages(containerd: NodeContainerd, store: ImageStore, addonsDir: string): Promise<void> {
  await buildStaticGoImage(store, { ref: PAUSE_IMAGE, source: join(ROOT_DIR, 'tools/k8s/pause/main.go') });
  for (const [ref, binary] of [
    [ADDON_IMAGES.coredns, 'coredns'],
    [ADDON_IMAGES.metricsServer, 'metrics-server'],
  ])
    await buildImageFromFiles(store, {
      ref,
      files: executableWithLibraries(join(addonsDir, binary), `/${binary}`),
      entrypoint: [`/${binary}`],
    });
  for (const ref of [PAUSE_IMAGE, ADDON_IMAGES.coredns, ADDON_IMAGES.metricsServer])
    await importImage(containerd, store, ref);
}

async function nodeReady(server: ApiServer): Promise<boolean> {
  const { stdout } = await server.kubectl([
    'get',
    'node',
    NODE_NAME,
    '-o',
    'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
  ]);
  return stdout.trim() === 'True';
}

/**
 * Starts a one-node cluster on this machine: a network namespace joined to it by a veth pair, etcd and the
 * control plane in it on the node's address, containerd (CRI, cgroupfs, a CNI bridge, a pause image built
 * here), the kubelet and kube-proxy (nftables), then CoreDNS (`kube-dns` at 10.96.0.10) and metrics-server;
 * resolves once the node is Ready and both add-ons are available. Needs root; see tools/k8s/install-node.sh
 * for the Debian packages.
 */
export async function startLocalCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const started = Date.now();
  const report = options.onProgress ?? ((line: string) => console.error(`[cluster] ${line}`));
  const progress = (line: string): void => report(`${((Date.now() - started) / 1000).toFixed(1)}s ${line}`);
  progress('finding or building Kubernetes, CoreDNS and metrics-server (long the first time)');
  const binDir = runInstaller(ROOT_DIR, 'tools/k8s/install.sh', LOCAL_CLUSTER_BINARIES);
  const addonsDir = runInstaller(ROOT_DIR, 'tools/k8s/install-addons.sh');
  const dir = mkdtempSync(join(tmpdir(), 'daca-k8s-cluster-'));
  const cgroupRoot = `/${NODE_NAME}-${dir.slice(-6)}`;
  let network: NodeNetwork | undefined = options.network;
  let server: ApiServer | undefined;
  let containerd: NodeContainerd | undefined;
  const store = defaultImageStore();
  const networkName = `daca-pods-${dir.slice(-6)}`;

  const nodeAgents: ManagedProcess[] = [];
  const stop = async (): Promise<void> => {
    const problems: string[] = [];
    // The agents stop first, lest the kubelet restart the containers; then the containers go while containerd
    // still runs, so that their shims exit and unmount.
    for (const agent of nodeAgents.reverse()) await agent.stop(5_000);
    const containerIds =
      (await containerd?.removeContainers().catch((error: Error) => {
        progress(`removing the containers: ${error.message}`);
        return [];
      })) ?? [];
    await server?.stop();
    try {
      await cleanUpNode(dir, cgroupRoot, containerIds);
    } catch (error) {
      problems.push((error as Error).message);
    }
    network?.remove();
    rmSync(dir, { recursive: true, force: true });
    if (problems.length > 0) throw new Error(problems.join('\n'));
  };

  try {
    network ??= createNodeNetwork();
    const { netns, nodeAddress, hostAddress } = network;
    progress(`node network ${network.name}: node ${nodeAddress}, this machine ${hostAddress}`);
    const ca = createCertificateAuthority(join(dir, 'pki'), 'daca-local-cluster');
    const kubeletClient = ca.issue({
      name: 'apiserver-kubelet-client',
      commonName: 'kube-apiserver-kubelet-client',
      organizations: ['system:masters'],
      usage: 'client',
    });
    const frontProxy = ca.issue({ name: 'front-proxy-client', commonName: 'front-proxy-client', usage: 'client' });
    const kubeletServing = ca.issue({ name: 'kubelet', commonName: NODE_NAME, ips: [nodeAddress], usage: 'server' });

    progress('starting etcd, kube-apiserver, kube-controller-manager and kube-scheduler');
    server = await startApiServer({
      binDir,
      network: { netns, address: nodeAddress },
      parentDir: dir,
      users: [
        { name: `system:node:${NODE_NAME}`, groups: ['system:nodes'] },
        { name: 'system:kube-proxy', groups: [] },
      ],
      extraArgs: [
        '--enable-admission-plugins=NodeRestriction',
        `--client-ca-file=${ca.certFile}`,
        `--kubelet-certificate-authority=${ca.certFile}`,
        `--kubelet-client-certificate=${kubeletClient.certFile}`,
        `--kubelet-client-key=${kubeletClient.keyFile}`,
        '--kubelet-preferred-address-types=InternalIP',
        // The aggregation layer, for metrics-server's API.
        `--requestheader-client-ca-file=${ca.certFile}`,
        '--requestheader-allowed-names=front-proxy-client',
        '--requestheader-username-headers=X-Remote-User',
        '--requestheader-group-headers=X-Remote-Group',
        '--requestheader-extra-headers-prefix=X-Remote-Extra-',
        `--proxy-client-cert-file=${frontProxy.certFile}`,
        `--proxy-client-key-file=${frontProxy.keyFile}`,
        '--enable-aggregator-routing=true',
      ],
    });
    await startControlPlane(server, binDir);

    progress('starting containerd and loading the pause, CoreDNS and metrics-server images');
    containerd = nodeContainerd({
      dir: join(dir, 'containerd'),
      networkName,
      sandboxImage: PAUSE_IMAGE,
      registryMirror: options.registryMirror,
    });
    await server.startComponent(containerd.spec);
    await loadNodeImages(containerd, store, addonsDir);

    progress('starting the kubelet and kube-proxy');
    mkdirSync(join(dir, 'kubelet'), { recursive: true });
    nodeAgents.push(
      await server.startComponent(
        kubeletSpec({
          binDir,
          dir: join(dir, 'kubelet'),
          nodeName: NODE_NAME,
          nodeAddress,
          kubeconfig: server.kubeconfigOf(`system:node:${NODE_NAME}`),
          containerdEndpoint: containerd.endpoint,
          clientCaFile: ca.certFile,
          serving: kubeletServing,
          cgroupRoot,
          clusterDns: CLUSTER_DNS,
        }),
      ),
    );
    nodeAgents.push(
      await server.startComponent(
        kubeProxySpec({
          binDir,
          dir,
          nodeName: NODE_NAME,
          nodeAddress,
          kubeconfig: server.kubeconfigOf('system:kube-proxy'),
          podCidr: POD_CIDR,
        }),
      ),
    );
    const ready = server;
    await waitFor(`node ${NODE_NAME} Ready`, READY_TIMEOUT_MS, () => nodeReady(ready));

    progress('node Ready; deploying CoreDNS and metrics-server');
    const applied = await server.kubectl(['apply', '-f', '-'], addonManifests(readFileSync(ca.certFile, 'utf8')));
    if (applied.status !== 0) throw new Error(`applying the add-ons failed: ${applied.stderr}`);
    for (const name of ['coredns', 'metrics-server']) {
      const rolledOut = await server.kubectl([
        '-n',
        'kube-system',
        'rollout',
        'status',
        `deployment/${name}`,
        '--timeout=180s',
      ]);
      if (rolledOut.status !== 0) throw new Error(`${name} did not become available: ${rolledOut.stderr}`);
    }
    progress('cluster ready');
    return {
      kubeconfig: server.kubeconfig,
      binDir,
      nodeAddress,
      hostAddress,
      dir,
      netnsName: network.name,
      podCgroup: cgroupRoot,
      kubectl: (args, input) => (server as ApiServer).kubectl(args, input),
      loadImage: (ref) => importImage(containerd as NodeContainerd, store, ref),
      stop,
    };
  } catch (error) {
    await stop().catch((stopError: Error) => progress(stopError.message));
    throw error;
  }
}

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { buildDaprImages } from './dapr-control-plane/images';
import { DAPR_NAMESPACE, renderDaprControlPlane } from './dapr-control-plane/render';
import { appImageRef, buildAppImages } from './images/app-images';
import { buildah, defaultImageStore, type ImageStore } from './images/buildah';
import { pushImages } from './images/push-images';
import { startRegistry, type Registry } from './images/registry';
import { buildSupportImages } from './images/support-images';
import { startLocalCluster, type LocalCluster } from './local-cluster';
import { createNodeNetwork } from './node-network';
import { waitFor } from './wait-for';

const ROOT_DIR = resolve(__dirname, '../..');
/** The port of the cluster's registry on this machine's end of the node's veth pair. */
const REGISTRY_PORT = 5000;
const ROLLOUT_TIMEOUT = '600s';
const NODE_PORT_TIMEOUT_MS = 30_000;
/** The Redis of the dev overlay, which stands in for the prod overlay's own in namespace PROD_REDIS_NAMESPACE. */
const DEV_REDIS = 'k8s/overlays/dev/redis.yaml';
const PROD_REDIS_NAMESPACE = 'redis';

export type Progress = (line: string) => void;

export interface LocalSystemOptions {
  /** Dapr's control plane in HA mode (3 replicas of each of its services). */
  readonly ha?: boolean;
  /** The tag of the app images the manifests name (`daca-nest/<app>:dev`). */
  readonly appTag?: string;
  readonly onProgress?: Progress;
}

/** A deployed overlay: its namespace, and what was applied. */
export interface Deployment {
  readonly namespace: string;
  readonly kustomization: string;
  /** The directory of that kustomization, until stop(): what `kubectl apply -k` or the Tiltfile apply again. */
  readonly kustomizationDir: string;
}

/** The local cluster with its registry, the images of this repository and Dapr's control plane, until stop(). */
export interface LocalSystem {
  readonly cluster: LocalCluster;
  readonly registry: Registry;
  /** Gives an app's image (`daca-nest/<app>:<appTag>`) another tag and pushes it: a new release to roll out. */
  publishAppImage(app: string, tag: string): Promise<string>;
  /**
   * A Service of type NodePort in front of a Deployment's pods, reached from this machine on the node's address:
   * through kube-proxy, like in-cluster traffic to a Service (a port-forward sticks to one pod). Resolves with its URL.
   */
  exposeOnNode(namespace: string, deployment: string, port: number): Promise<string>;
  /**
   * The Redis the prod overlay expects of its users (`redis-master.redis.svc.cluster.local`, its password in
   * Secret `daca-redis` of `namespace`): the dev overlay's Redis, renamed, in namespace `redis`.
   */
  deployRedisFor(namespace: string): Promise<void>;
  /**
   * Applies a kustomization of k8s/ (e.g. k8s/overlays/dev) with the cluster's support images in place of
   * the ones it cannot pull, after the Secrets it needs (tools/deploy/dev-tokens.sh), and waits until every
   * Deployment of `namespace` is available.
   */
  deploy(overlay: string, namespace: string, edit?: KustomizationEdit): Promise<Deployment>;
  /**
   * Writes the kustomization deploy() applies, without applying it, and returns its directory (removed by
   * stop()): the Tiltfile's local-cluster mode deploys it (DACA_LOCAL_KUSTOMIZATION).
   */
  writeKustomization(overlay: string, edit?: KustomizationEdit): { dir: string; kustomization: string };
  stop(): Promise<void>;
}

/** Changes to the kustomization applied on top of an overlay (a test's settings, the prod overlay's images). */
export interface KustomizationEdit {
  readonly images?: readonly { name: string; newName?: string; newTag?: string }[];
  readonly patches?: readonly { target: Record<string, string>; patch: string }[];
  readonly configMapGenerator?: readonly { name: string; behavior: 'merge'; literals: string[] }[];
}

/**
 * The images of the dev overlay that cannot be pulled here, each by the repository built in its place
 * (images/support-images.ts): a kustomize `images:` entry per image, with the tag built.
 */
const SUPPORT_IMAGES: Readonly<Record<string, string>> = {
  redis: 'localhost/daca-nest/redis',
  'jaegertracing/jaeger': 'localhost/daca-nest/jaeger',
};

function supportImageOverrides(built: readonly string[]): { name: string; newName: string; newTag: string }[] {
  return Object.entries(SUPPORT_IMAGES).map(([name, repository]) => {
    const ref = built.find((candidate) => candidate.startsWith(`${repository}:`));
    if (ref === undefined) throw new Error(`no image of ${repository} was built (images/support-images.ts)`);
    return { name, newName: repository, newTag: ref.slice(repository.length + 1) };
  });
}

/**
 * Grafana's image cannot be had on this machine, and Debian's Prometheus lacks the Kubernetes service discovery
 * of k8s/monitoring (README: Kubernetes): the local cluster runs without either.
 */
const WITHOUT_MONITORING = ['grafana', 'prometheus'].flatMap((name) =>
  ['Deployment', 'Service'].map((kind) => ({
    target: { kind, name },
    patch: `$patch: delete\nkind: ${kind}\nmetadata: { name: ${name} }`,
  })),
);

/** Whether `url` answers at all (kube-proxy programs a new NodePort within a few seconds). */
async function answers(url: string): Promise<boolean> {
  try {
    await (await fetch(url)).arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

async function kubectlOrThrow(cluster: LocalCluster, args: string[], input?: string): Promise<string> {
  const result = await cluster.kubectl(args, input);
  if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

async function installDaprControlPlane(cluster: LocalCluster, ha: boolean, progress: Progress): Promise<void> {
  progress(`installing Dapr's control plane${ha ? ' in HA mode' : ''} from the pinned chart`);
  const documents = parseAllDocuments(await renderDaprControlPlane({ ha }));
  const isCrd = (document: (typeof documents)[number]): boolean => document.get('kind') === 'CustomResourceDefinition';
  // The CRDs first, established before the resources of their kinds (the chart's Configuration) are applied;
  // server-side, as they are too large for the last-applied annotation of a client-side apply.
  await kubectlOrThrow(cluster, ['apply', '--server-side', '-f', '-'], documents.filter(isCrd).join('\n---\n'));
  await kubectlOrThrow(cluster, ['wait', '--for=condition=Established', 'crd', '--all', '--timeout=60s']);
  await kubectlOrThrow(
    cluster,
    ['apply', '--server-side', '-f', '-'],
    documents.filter((document) => !isCrd(document)).join('\n---\n'),
  );
  for (const kind of ['deployment', 'statefulset']) {
    const names = (await kubectlOrThrow(cluster, ['-n', DAPR_NAMESPACE, 'get', kind, '-o', 'name'])).split('\n');
    for (const name of names.filter(Boolean))
      await kubectlOrThrow(cluster, ['-n', DAPR_NAMESPACE, 'rollout', 'status', name, `--timeout=${ROLLOUT_TIMEOUT}`]);
  }
  progress("Dapr's control plane is ready");
}

function createSecrets(cluster: LocalCluster, namespace: string): void {
  execFileSync('bash', [join(ROOT_DIR, 'tools/deploy/dev-tokens.sh'), namespace], {
    env: { ...process.env, KUBECONFIG: cluster.kubeconfig, PATH: `${cluster.binDir}:${process.env.PATH ?? ''}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Waits for every Deployment of the namespace, and checks that Dapr's injector gave each app pod its daprd. */
async function waitForDeployments(cluster: LocalCluster, namespace: string): Promise<void> {
  await kubectlOrThrow(cluster, [
    '-n',
    namespace,
    'wait',
    '--for=condition=Available',
    'deployment',
    '--all',
    `--timeout=${ROLLOUT_TIMEOUT}`,
  ]);
  const containers = await kubectlOrThrow(cluster, [
    '-n',
    namespace,
    'get',
    'pods',
    '-l',
    'app.kubernetes.io/component=app',
    '-o',
    'jsonpath={range .items[*]}{.metadata.name}={.spec.containers[*].name}{"\\n"}{end}',
  ]);
  const withoutSidecar = containers
    .split('\n')
    .filter(Boolean)
    .filter((line) => !line.split('=')[1]?.split(' ').includes('daprd'));
  if (withoutSidecar.length > 0)
    throw new Error(`Dapr's injector gave no daprd to ${withoutSidecar.join(', ')}: is the injector running?`);
}

/**
 * Starts the local cluster (tools/k8s/local-cluster.ts) with a registry on this machine's end of its veth
 * pair, which the node's containerd pulls docker.io, ghcr.io and localhost images from; builds and pushes
 * the app images (from the Dockerfile), the support images and Dapr's; installs Dapr's control plane from
 * the pinned chart. Everything is stopped and removed by stop(), or when a step fails.
 */
export async function startLocalSystem(options: LocalSystemOptions = {}): Promise<LocalSystem> {
  const progress = options.onProgress ?? ((line: string) => console.error(`[cluster] ${line}`));
  const store: ImageStore = defaultImageStore();
  const appTag = options.appTag ?? 'dev';
  const network = createNodeNetwork();
  let registry: Registry | undefined;
  let cluster: LocalCluster | undefined;
  let overrides: ReturnType<typeof supportImageOverrides> = [];
  const dir = mkdtempSync(join(tmpdir(), 'daca-k8s-deploy-'));
  const stop = async (): Promise<void> => {
    if (cluster) await cluster.stop();
    else network.remove();
    await registry?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    registry = await startRegistry({ host: network.hostAddress, port: REGISTRY_PORT });
    progress(`image registry on ${registry.address}`);
    cluster = await startLocalCluster({ network, registryMirror: registry.address, onProgress: progress });
    const supportImages = await buildSupportImages(store, progress);
    overrides = supportImageOverrides(supportImages);
    const images = [
      ...(await buildAppImages(store, { tag: appTag }, progress)),
      ...supportImages,
      ...(await buildDaprImages(store)),
    ];
    await pushImages(store, images, registry.address, progress);
    await installDaprControlPlane(cluster, options.ha ?? false, progress);
  } catch (error) {
    await stop().catch((stopError: Error) => progress(stopError.message));
    throw error;
  }
  const up = { cluster, registry };
  const writeKustomization: LocalSystem['writeKustomization'] = (overlay, edit = {}) => {
    const kustomizationDir = mkdtempSync(join(dir, 'overlay-'));
    const kustomization = stringify({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: [relative(kustomizationDir, resolve(ROOT_DIR, overlay))],
      images: [...overrides, ...(edit.images ?? [])],
      patches: [...WITHOUT_MONITORING, ...(edit.patches ?? [])],
      ...(edit.configMapGenerator && { configMapGenerator: edit.configMapGenerator }),
    });
    writeFileSync(join(kustomizationDir, 'kustomization.yaml'), kustomization);
    return { dir: kustomizationDir, kustomization };
  };
  return {
    ...up,
    publishAppImage: async (app, tag) => {
      const ref = appImageRef(app, tag);
      await buildah(store, ['tag', appImageRef(app, appTag), ref]);
      await pushImages(store, [ref], up.registry.address, progress);
      return ref;
    },
    exposeOnNode: async (namespace, deployment, port) => {
      const name = `${deployment}-node-port`;
      await kubectlOrThrow(up.cluster, [
        '-n',
        namespace,
        'expose',
        'deployment',
        deployment,
        `--name=${name}`,
        '--type=NodePort',
        `--port=${port}`,
      ]);
      const nodePort = await kubectlOrThrow(up.cluster, [
        '-n',
        namespace,
        'get',
        'service',
        name,
        '-o',
        'jsonpath={.spec.ports[0].nodePort}',
      ]);
      const url = `http://${up.cluster.nodeAddress}:${nodePort}`;
      await waitFor(`${url} to answer`, NODE_PORT_TIMEOUT_MS, () => answers(`${url}/health/live`), 500);
      return url;
    },
    deployRedisFor: async (namespace) => {
      createSecrets(up.cluster, namespace);
      const password = await kubectlOrThrow(up.cluster, [
        '-n',
        namespace,
        'get',
        'secret',
        'daca-redis',
        '-o',
        'jsonpath={.data.password}',
      ]);
      await kubectlOrThrow(up.cluster, ['create', 'namespace', PROD_REDIS_NAMESPACE]);
      // Through stdin: a password on a command line would show in the process list.
      await kubectlOrThrow(
        up.cluster,
        ['apply', '-f', '-'],
        stringify({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'daca-redis', namespace: PROD_REDIS_NAMESPACE },
          data: { password },
        }),
      );
      const kustomizationDir = mkdtempSync(join(dir, 'redis-'));
      copyFileSync(join(ROOT_DIR, DEV_REDIS), join(kustomizationDir, 'redis.yaml'));
      writeFileSync(
        join(kustomizationDir, 'kustomization.yaml'),
        stringify({
          apiVersion: 'kustomize.config.k8s.io/v1beta1',
          kind: 'Kustomization',
          namespace: PROD_REDIS_NAMESPACE,
          nameSuffix: '-master',
          resources: ['redis.yaml'],
          images: overrides.filter(({ name }) => name === 'redis'),
          // Its policy admits the pods of its own namespace only; the apps are in another here (and the local
          // cluster's CNI enforces no policy): a Redis of your own has a policy of its own.
          patches: [
            {
              target: { kind: 'NetworkPolicy' },
              patch: '$patch: delete\nkind: NetworkPolicy\nmetadata: { name: any }',
            },
          ],
        }),
      );
      await kubectlOrThrow(up.cluster, ['apply', '-k', kustomizationDir]);
      await waitForDeployments(up.cluster, PROD_REDIS_NAMESPACE);
    },
    deploy: async (overlay, namespace, edit) => {
      createSecrets(up.cluster, namespace);
      const { dir: kustomizationDir, kustomization } = writeKustomization(overlay, edit);
      progress(`applying ${overlay} in namespace ${namespace}`);
      await kubectlOrThrow(up.cluster, ['apply', '-k', kustomizationDir]);
      await waitForDeployments(up.cluster, namespace);
      progress(`every Deployment of ${namespace} is available, each app with its daprd`);
      return { namespace, kustomization, kustomizationDir };
    },
    writeKustomization,
    stop,
  };
}

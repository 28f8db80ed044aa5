import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { defaultImageStore } from '../../tools/k8s/images/buildah';
import { buildStaticGoImage } from '../../tools/k8s/images/static-go-image';
import { startLocalCluster, type LocalCluster } from '../../tools/k8s/local-cluster';
import { cgroupDirs, mountsUnder, processesNaming } from '../../tools/k8s/node-cleanup';
import { eventually } from '../support/eventually';
import { ROOT_DIR } from '../support/e2e-stack';

// Prerequisites: root, tools/k8s/install-node.sh's Debian packages, Go. The first run builds the kubelet,
// kube-proxy, CoreDNS and metrics-server (tools/k8s/install.sh, install-addons.sh: up to 30 minutes on two
// busy cores); later runs start the cluster in about a minute.
const FIRST_BUILD_MS = 40 * 60_000;
const HELLO_IMAGE = 'localhost/daca-nest/hello-server:test';

function diskMb(dir: string): number {
  return Number(execFileSync('du', ['-sm', dir], { encoding: 'utf8' }).split('\t')[0]);
}

/** Links of the kubelet's fixed log directory into `dir`. */
function logLinksInto(dir: string): string[] {
  const links = '/var/log/containers';
  return existsSync(links) ? readdirSync(links).filter((link) => readlinkSync(join(links, link)).startsWith(dir)) : [];
}

function resourceSum(): { rssMb: number } {
  const out = execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8' });
  const rssKb = out
    .split('\n')
    .filter((line) => /kube-|etcd|containerd|coredns|metrics-server|hello-server|\/program/.test(line))
    .reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[0] ?? 0), 0);
  return { rssMb: Math.round(rssKb / 1024) };
}

/** A Deployment of one hello-server and its Service on port 80, as one List for kubectl apply. */
function helloManifests(): string {
  const labels = { app: 'hello' };
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'hello' },
        spec: {
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                { name: 'hello', image: HELLO_IMAGE, imagePullPolicy: 'Never', ports: [{ containerPort: 8080 }] },
              ],
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'hello' },
        spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] },
      },
    ],
  });
}

describe('a local one-node cluster (npm run cluster)', () => {
  let cluster: LocalCluster;
  let stopped = false;

  const kubectl = async (args: string[], input?: string): Promise<string> => {
    const result = await cluster.kubectl(args, input);
    if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };

  beforeAll(async () => {
    const started = Date.now();
    cluster = await startLocalCluster({ onProgress: (line) => console.log(`[cluster] ${line}`) });
    console.log(
      `cluster ready in ${(Date.now() - started) / 1000}s; ${JSON.stringify(resourceSum())}, ${diskMb(cluster.dir)} MB in ${cluster.dir}`,
    );
    await buildStaticGoImage(defaultImageStore(), {
      ref: HELLO_IMAGE,
      source: join(ROOT_DIR, 'test/deploy/support/hello-server/main.go'),
    });
    await cluster.loadImage(HELLO_IMAGE);
  }, FIRST_BUILD_MS);

  afterAll(async () => {
    if (!stopped) await cluster?.stop();
  }, 120_000);

  it('has one node, Ready, that serves its metrics through metrics-server', async () => {
    const ready = await kubectl([
      'get',
      'nodes',
      '-o',
      'jsonpath={.items[*].status.conditions[?(@.type=="Ready")].status}',
    ]);
    expect(ready).toBe('True');
    const top = await eventually(
      'kubectl top node to answer',
      () => cluster.kubectl(['top', 'node', '--no-headers']),
      (result) => result.status === 0 && /\d+m\s+\d+%\s+\d+Mi\s+\d+%/.test(result.stdout),
      120_000,
    );
    expect(top.stdout).toMatch(/daca-node\s+\d+m/);
  });

  it('runs a Deployment whose Service answers other pods by its ClusterIP and by its DNS name', async () => {
    await kubectl(['apply', '-f', '-'], helloManifests());
    await kubectl(['rollout', 'status', 'deployment/hello', '--timeout=120s']);
    const clusterIp = await kubectl(['get', 'service', 'hello', '-o', 'jsonpath={.spec.clusterIP}']);
    const podName = (
      await kubectl(['get', 'pods', '-l', 'app=hello', '-o', 'jsonpath={.items[0].metadata.name}'])
    ).trim();

    await kubectl([
      'run',
      'client',
      `--image=${HELLO_IMAGE}`,
      '--image-pull-policy=Never',
      '--restart=Never',
      '--',
      `http://${clusterIp}/`,
      'http://hello.default.svc.cluster.local/',
    ]);
    const phase = await eventually(
      'the client pod to finish',
      () => kubectl(['get', 'pod', 'client', '-o', 'jsonpath={.status.phase}']),
      (value) => value === 'Succeeded' || value === 'Failed',
      120_000,
    );
    const logs = await kubectl(['logs', 'client']);

    expect({ phase, logs }).toEqual({
      phase: 'Succeeded',
      logs: `http://${clusterIp}/ hello from ${podName}\nhttp://hello.default.svc.cluster.local/ hello from ${podName}\n`,
    });
  });

  it('stops leaving no process, mount, cgroup, network namespace or directory behind', async () => {
    const { dir, netnsName, podCgroup } = cluster;
    const namespaces = (): string[] =>
      execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
        .split('\n')
        .map((line) => line.split(' ')[0])
        .filter((name) => name === netnsName);
    console.log(`before stop: ${JSON.stringify(resourceSum())}, ${diskMb(dir)} MB in ${dir}`);
    expect({
      cgroups: cgroupDirs(podCgroup).length > 0,
      namespaces: namespaces(),
      logLinks: logLinksInto(dir).length > 0,
    }).toEqual({ cgroups: true, namespaces: [netnsName], logLinks: true });
    stopped = true;
    await cluster.stop();

    expect({
      processes: processesNaming(dir),
      mounts: mountsUnder(dir),
      cgroups: cgroupDirs(podCgroup),
      dir: existsSync(dir),
      namespaces: namespaces(),
      logLinks: logLinksInto(dir),
    }).toEqual({ processes: [], mounts: [], cgroups: [], dir: false, namespaces: [], logLinks: [] });
  });
});

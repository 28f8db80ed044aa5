import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpProbe, ManagedProcess, type HealthProbe, type ProcessSpec } from '../stack/managed-process';
import { freePorts } from '../stack/ports';

/** How a kubectl call ended: its exit status and what it printed. */
export interface KubectlResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** An API server with its etcd, for kubectl to talk to until stop(). */
export interface ApiServer {
  /** https://<address>:<port> */
  readonly url: string;
  /** The address the apiserver and its components serve on: loopback, or the node's in its namespace. */
  readonly address: string;
  /** Path of a kubeconfig for an administrator (system:masters) of this server. */
  readonly kubeconfig: string;
  /** The temporary directory of this server, removed by stop(). */
  readonly dir: string;
  /** The administrator's bearer token (kubeconfig's). */
  readonly token: string;
  /** The service-account signing key, which kube-controller-manager signs tokens with too. */
  readonly serviceAccountKey: string;
  /** The certificate authority of the apiserver's self-signed serving certificate. */
  readonly caFile: string;
  /** Path of a kubeconfig for one of `ApiServerOptions.users`. */
  kubeconfigOf(user: string): string;
  kubectl(args: string[], input?: string): Promise<KubectlResult>;
  /**
   * Starts another process (a controller manager, a scheduler, a node's runtime) in the server's network
   * namespace, which stop() stops first; resolves with it once healthy.
   */
  startComponent(spec: ProcessSpec): Promise<ManagedProcess>;
  /** Stops both processes and removes the temporary directory (data, certificates, keys). */
  stop(): Promise<void>;
}

/** A network namespace of this machine the control plane runs in, serving on the namespace's own address. */
export interface ApiServerNetwork {
  /** Path of the namespace, e.g. /run/netns/<name>. */
  readonly netns: string;
  /** A non-loopback address in it: advertised, so that the endpoint reconciler gives pods the `kubernetes` Service. */
  readonly address: string;
}

/** A user besides the administrator, authenticated by a token of its own (a kubelet, kube-proxy). */
export interface ApiServerUser {
  readonly name: string;
  readonly groups: readonly string[];
}

export interface ApiServerOptions {
  /** Directory holding kube-apiserver and kubectl (tools/k8s/install.sh). */
  binDir: string;
  /** etcd's path; Debian's etcd-server package puts it on PATH. */
  etcd?: string;
  startTimeoutMs?: number;
  /** Where to run; on free loopback ports of this machine unless given. */
  network?: ApiServerNetwork;
  /** Directory the server's temporary directory is made in; the system's unless given. */
  parentDir?: string;
  users?: readonly ApiServerUser[];
  /** More kube-apiserver flags (client CAs, kubelet client certificates, the aggregation layer). */
  extraArgs?: readonly string[];
}

const LOG_LINES_KEPT = 60;
/** The Service addresses of every cluster of ours; 10.96.0.1 is the `kubernetes` Service. */
export const SERVICE_CIDR = '10.96.0.0/16';
const LOOPBACK = '127.0.0.1';
const API_PORT_IN_NAMESPACE = 6443;

/** The command and arguments that run `command` in network namespace `netns` (unchanged without one). */
export function inNetworkNamespace(
  netns: string | undefined,
  command: string,
  args: readonly string[],
): { command: string; args: string[] } {
  // nsenter, not `ip netns exec`, which remounts /sys and hides the cgroup mounts from the kubelet.
  return netns === undefined
    ? { command, args: [...args] }
    : { command: 'nsenter', args: [`--net=${netns}`, '--', command, ...args] };
}

function writeKubeconfig(file: string, url: string, caFile: string, token: string): void {
  // The serving certificate file carries the self-signed CA that signed it: the client trusts that alone.
  const ca = readFileSync(caFile).toString('base64');
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'local', cluster: { server: url, 'certificate-authority-data': ca } }],
      users: [{ name: 'user', user: { token } }],
      contexts: [{ name: 'local', context: { cluster: 'local', user: 'user' } }],
      'current-context': 'local',
    }),
    { mode: 0o600 },
  );
}

/** Lines of each process's output, the last few kept to explain a failure. */
class RecentLog {
  private readonly lines: string[] = [];

  readonly sink = (name: string, line: string): void => {
    this.lines.push(`${name}: ${line}`);
    if (this.lines.length > LOG_LINES_KEPT) this.lines.shift();
  };

  toString(): string {
    return this.lines.join('\n');
  }
}

/** Answers true when GET `url` with the token answers 200 over TLS verified against `caFile` alone. */
export function httpsProbe(url: string, token: string, caFile: string): HealthProbe {
  return () =>
    new Promise((resolve) => {
      let ca: Buffer;
      try {
        ca = readFileSync(caFile);
      } catch {
        resolve(false); // The apiserver writes its self-signed certificate when it starts.
        return;
      }
      const req = request(url, { ca, headers: { authorization: `Bearer ${token}` }, timeout: 2_000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
      req.end();
    });
}

function runKubectl(kubectl: string, kubeconfig: string, args: string[], input?: string): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(kubectl, ['--kubeconfig', kubeconfig, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error) =>
      reject(
        new Error(`${kubectl} could not run (${error.message}): run 'bash tools/k8s/install.sh', which builds it`),
      ),
    );
    child.once('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/**
 * Starts etcd and kube-apiserver, API only (no controllers, scheduler or nodes), on free loopback ports or
 * in a network namespace, with everything they need generated into a temporary directory: the apiserver's
 * own self-signed serving certificate, a service-account signing key and random tokens. Nothing is reused
 * between runs and nothing is left behind by stop(), nor when the start fails.
 */
export async function startApiServer({
  binDir,
  etcd = 'etcd',
  startTimeoutMs = 90_000,
  network,
  parentDir = tmpdir(),
  users = [],
  extraArgs = [],
}: ApiServerOptions): Promise<ApiServer> {
  const dir = mkdtempSync(join(parentDir, 'daca-k8s-api-'));
  const address = network?.address ?? LOOPBACK;
  const inNetwork = (spec: ProcessSpec): ProcessSpec => ({
    ...spec,
    ...inNetworkNamespace(network?.netns, spec.command, spec.args),
  });
  const log = new RecentLog();
  const processes: ManagedProcess[] = [];
  const stop = async (): Promise<void> => {
    for (const child of [...processes].reverse()) await child.stop(5_000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // A namespace of our own has every port free; this machine's loopback is shared.
    const [etcdClientPort, etcdPeerPort, etcdHealthPort, apiPort] =
      network === undefined ? await freePorts(4) : [2379, 2380, 2381, API_PORT_IN_NAMESPACE];
    // etcd's clients stay on loopback; its health (with its metrics) is on the address, where a probe reaches it.
    const etcdProcess = new ManagedProcess(
      inNetwork({
        name: 'etcd',
        command: etcd,
        args: [
          '--name=default',
          `--data-dir=${join(dir, 'etcd')}`,
          `--listen-client-urls=http://${LOOPBACK}:${etcdClientPort}`,
          `--advertise-client-urls=http://${LOOPBACK}:${etcdClientPort}`,
          `--listen-peer-urls=http://${LOOPBACK}:${etcdPeerPort}`,
          `--initial-advertise-peer-urls=http://${LOOPBACK}:${etcdPeerPort}`,
          `--initial-cluster=default=http://${LOOPBACK}:${etcdPeerPort}`,
          `--listen-metrics-urls=http://${address}:${etcdHealthPort}`,
          '--log-level=warn',
        ],
        health: httpProbe(`http://${address}:${etcdHealthPort}/health`),
      }),
      log.sink,
    );
    processes.push(etcdProcess);
    etcdProcess.start();
    await etcdProcess.waitHealthy(startTimeoutMs).catch((error: Error) => {
      throw new Error(`${error.message}; is Debian's etcd-server installed (bash scripts/setup.sh)?`);
    });

    const token = randomBytes(24).toString('hex');
    const userTokens = new Map(users.map((user) => [user.name, randomBytes(24).toString('hex')]));
    const tokenLines = [
      `${token},daca-admin,daca-admin,system:masters`,
      ...users.map((user) =>
        [
          userTokens.get(user.name),
          user.name,
          user.name,
          ...(user.groups.length > 0 ? [`"${user.groups.join(',')}"`] : []),
        ].join(','),
      ),
    ];
    writeFileSync(join(dir, 'tokens.csv'), `${tokenLines.join('\n')}\n`, { mode: 0o600 });
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    writeFileSync(join(dir, 'service-accounts.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    });
    writeFileSync(join(dir, 'service-accounts.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    const certDir = join(dir, 'certs');
    const url = `https://${address}:${apiPort}`;
    const apiServer = new ManagedProcess(
      inNetwork({
        name: 'kube-apiserver',
        command: join(binDir, 'kube-apiserver'),
        args: [
          `--etcd-servers=http://${LOOPBACK}:${etcdClientPort}`,
          `--bind-address=${address}`,
          `--advertise-address=${address}`,
          // The endpoint reconciler refuses a loopback advertise address; with no nodes nothing needs it.
          ...(network === undefined ? ['--endpoint-reconciler-type=none'] : []),
          `--secure-port=${apiPort}`,
          `--cert-dir=${certDir}`,
          `--token-auth-file=${join(dir, 'tokens.csv')}`,
          '--authorization-mode=Node,RBAC',
          `--service-account-key-file=${join(dir, 'service-accounts.pub')}`,
          `--service-account-signing-key-file=${join(dir, 'service-accounts.key')}`,
          `--service-account-issuer=${url}`,
          `--service-cluster-ip-range=${SERVICE_CIDR}`,
          ...extraArgs,
        ],
        health: httpsProbe(`${url}/readyz`, token, join(certDir, 'apiserver.crt')),
      }),
      log.sink,
    );
    processes.push(apiServer);
    apiServer.start();
    await apiServer.waitHealthy(startTimeoutMs);

    const caFile = join(certDir, 'apiserver.crt');
    const kubeconfig = join(dir, 'kubeconfig');
    writeKubeconfig(kubeconfig, url, caFile, token);
    const kubeconfigOf = (user: string): string => {
      const userToken = userTokens.get(user);
      if (userToken === undefined) throw new Error(`no user ${user}: name it in ApiServerOptions.users`);
      const file = join(dir, `kubeconfig-${user.replace(/[^\w.-]/g, '_')}`);
      writeKubeconfig(file, url, caFile, userToken);
      return file;
    };
    const kubectl = join(binDir, 'kubectl');
    const startComponent = async (spec: ProcessSpec): Promise<ManagedProcess> => {
      const component = new ManagedProcess(inNetwork(spec), log.sink);
      processes.push(component);
      component.start();
      await component.waitHealthy(startTimeoutMs).catch((error: Error) => {
        throw new Error(`${error.message}\nlast lines of the control plane:\n${log.toString()}`, { cause: error });
      });
      return component;
    };
    return {
      url,
      address,
      kubeconfig,
      dir,
      token,
      serviceAccountKey: join(dir, 'service-accounts.key'),
      caFile,
      kubeconfigOf,
      kubectl: (args, input) => runKubectl(kubectl, kubeconfig, args, input),
      startComponent,
      stop,
    };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\nlast lines of etcd and kube-apiserver:\n${log.toString()}`, {
      cause: error,
    });
  }
}

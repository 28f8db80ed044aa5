import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess, type HealthProbe, type ProcessSpec } from '../stack/managed-process';
import { freePorts } from '../stack/ports';

/** How a kubectl call ended: its exit status and what it printed. */
export interface KubectlResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** An API server with its etcd, both on loopback, for kubectl to talk to until stop(). */
export interface ApiServer {
  /** https://127.0.0.1:<port> */
  readonly url: string;
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
  kubectl(args: string[], input?: string): Promise<KubectlResult>;
  /** Starts another process (a controller manager, a scheduler) that stop() stops first; resolves once healthy. */
  startComponent(spec: ProcessSpec): Promise<void>;
  /** Stops both processes and removes the temporary directory (data, certificates, keys). */
  stop(): Promise<void>;
}

export interface ApiServerOptions {
  /** Directory holding kube-apiserver and kubectl (tools/k8s/install.sh). */
  binDir: string;
  /** etcd's path; Debian's etcd-server package puts it on PATH. */
  etcd?: string;
  startTimeoutMs?: number;
}

const LOG_LINES_KEPT = 60;
const SERVICE_CIDR = '10.96.0.0/16';

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
 * Starts etcd and kube-apiserver, API only (no controllers, scheduler or nodes), on free loopback ports,
 * with everything they need generated into a temporary directory: the apiserver's own self-signed serving
 * certificate, a service-account signing key and a random administrator token. Nothing is reused between
 * runs and nothing is left behind by stop(), nor when the start fails.
 */
export async function startApiServer({
  binDir,
  etcd = 'etcd',
  startTimeoutMs = 90_000,
}: ApiServerOptions): Promise<ApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'daca-k8s-api-'));
  const log = new RecentLog();
  const processes: ManagedProcess[] = [];
  const stop = async (): Promise<void> => {
    for (const child of [...processes].reverse()) await child.stop(5_000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [etcdClientPort, etcdPeerPort, apiPort] = await freePorts(3);
    const etcdProcess = new ManagedProcess(
      {
        name: 'etcd',
        command: etcd,
        args: [
          '--name=default',
          `--data-dir=${join(dir, 'etcd')}`,
          `--listen-client-urls=http://127.0.0.1:${etcdClientPort}`,
          `--advertise-client-urls=http://127.0.0.1:${etcdClientPort}`,
          `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
          `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
          `--initial-cluster=default=http://127.0.0.1:${etcdPeerPort}`,
          '--log-level=warn',
        ],
        health: async () => {
          try {
            return (await fetch(`http://127.0.0.1:${etcdClientPort}/health`)).ok;
          } catch {
            return false;
          }
        },
      },
      log.sink,
    );
    processes.push(etcdProcess);
    etcdProcess.start();
    await etcdProcess.waitHealthy(startTimeoutMs).catch((error: Error) => {
      throw new Error(`${error.message}; is Debian's etcd-server installed (bash scripts/setup.sh)?`);
    });

    const token = randomBytes(24).toString('hex');
    writeFileSync(join(dir, 'tokens.csv'), `${token},daca-admin,daca-admin,system:masters\n`, { mode: 0o600 });
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    writeFileSync(join(dir, 'service-accounts.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    });
    writeFileSync(join(dir, 'service-accounts.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    const certDir = join(dir, 'certs');
    const url = `https://127.0.0.1:${apiPort}`;
    const apiServer = new ManagedProcess(
      {
        name: 'kube-apiserver',
        command: join(binDir, 'kube-apiserver'),
        args: [
          `--etcd-servers=http://127.0.0.1:${etcdClientPort}`,
          '--bind-address=127.0.0.1',
          '--advertise-address=127.0.0.1',
          // The endpoint reconciler refuses a loopback advertise address; with no nodes nothing needs it.
          '--endpoint-reconciler-type=none',
          `--secure-port=${apiPort}`,
          `--cert-dir=${certDir}`,
          `--token-auth-file=${join(dir, 'tokens.csv')}`,
          '--authorization-mode=RBAC',
          `--service-account-key-file=${join(dir, 'service-accounts.pub')}`,
          `--service-account-signing-key-file=${join(dir, 'service-accounts.key')}`,
          `--service-account-issuer=${url}`,
          `--service-cluster-ip-range=${SERVICE_CIDR}`,
        ],
        health: httpsProbe(`${url}/readyz`, token, join(certDir, 'apiserver.crt')),
      },
      log.sink,
    );
    processes.push(apiServer);
    apiServer.start();
    await apiServer.waitHealthy(startTimeoutMs);

    const kubeconfig = join(dir, 'kubeconfig');
    // The serving certificate file carries the self-signed CA that signed it: the client trusts that alone.
    const ca = readFileSync(join(certDir, 'apiserver.crt')).toString('base64');
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'local', cluster: { server: url, 'certificate-authority-data': ca } }],
        users: [{ name: 'admin', user: { token } }],
        contexts: [{ name: 'local', context: { cluster: 'local', user: 'admin' } }],
        'current-context': 'local',
      }),
      { mode: 0o600 },
    );
    const kubectl = join(binDir, 'kubectl');
    const startComponent = async (spec: ProcessSpec): Promise<void> => {
      const component = new ManagedProcess(spec, log.sink);
      processes.push(component);
      component.start();
      await component.waitHealthy(startTimeoutMs).catch((error: Error) => {
        throw new Error(`${error.message}\nlast lines of the control plane:\n${log.toString()}`, { cause: error });
      });
    };
    return {
      url,
      kubeconfig,
      dir,
      token,
      serviceAccountKey: join(dir, 'service-accounts.key'),
      caFile: join(certDir, 'apiserver.crt'),
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

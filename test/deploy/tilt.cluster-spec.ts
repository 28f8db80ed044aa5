import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalSystem, type LocalSystem } from '../../tools/k8s/local-system';
import { mountsUnder, processesNaming } from '../../tools/k8s/node-cleanup';
import { runInstaller } from '../../tools/stack/run-installer';
import { ROOT_DIR } from '../support/e2e-stack';
import { eventually } from '../support/eventually';

// Prerequisites: those of npm run cluster (root, tools/k8s/install-node.sh's packages, Go). Cold, the cluster's
// binaries, images and Tilt build for up to an hour on two busy cores; warm, the cluster starts in minutes.
const FIRST_BUILD_MS = 60 * 60_000;
const TILT_CI_MS = 20 * 60_000;
const NAMESPACE = 'daca-dev';
const APPS = ['callee-app', 'caller-app', 'chat-agent'];

/** A TCP port free on this machine now, for Tilt's web server (another Tilt may hold its default). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no TCP port to listen on');
  return address.port;
}

/** Runs `tilt ci` with the Tiltfile in local-cluster mode; resolves with its exit status and output. */
async function tiltCi(
  tilt: string,
  port: number,
  system: LocalSystem,
  kustomizationDir: string,
  devDir: string,
): Promise<{ status: number | null; output: string }> {
  const child = spawn(tilt, ['ci', '--port', String(port), '--timeout', '15m'], {
    cwd: ROOT_DIR,
    env: {
      ...process.env,
      KUBECONFIG: system.cluster.kubeconfig,
      PATH: `${system.cluster.binDir}:${process.env.PATH ?? ''}`,
      DACA_LOCAL_REGISTRY: system.registry.address,
      DACA_LOCAL_KUSTOMIZATION: kustomizationDir,
      TILT_DEV_DIR: devDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { status, output };
}

describe('the Tiltfile against the local cluster (DACA_LOCAL_REGISTRY, tilt ci)', () => {
  let system: LocalSystem | undefined;
  let tilt: string;
  const devDir = mkdtempSync(join(tmpdir(), 'daca-tilt-dev-'));

  beforeAll(async () => {
    tilt = join(runInstaller(ROOT_DIR, 'tools/tilt/install.sh'), 'tilt');
    system = await startLocalSystem({ onProgress: (line) => process.stderr.write(`[cluster] ${line}\n`) });
  }, FIRST_BUILD_MS);

  afterAll(async () => {
    await system?.stop();
    rmSync(devDir, { recursive: true, force: true });
  });

  it(
    'builds every app with buildah, pushes it to the cluster registry and deploys the dev overlay until ready',
    async () => {
      const local = system as LocalSystem;
      const started = Date.now();

      const port = await freePort();
      const run = tiltCi(tilt, port, local, local.writeKustomization('k8s/overlays/dev').dir, devDir);
      // The web UI install.sh embeds in place of the one the Go module lacks, served while tilt ci runs.
      const page = await eventually(
        "Tilt's web UI",
        () =>
          fetch(`http://127.0.0.1:${port}/`).then(
            (response) => response.text(),
            () => '',
          ),
        (text) => text.length > 0,
        120_000,
      );
      expect(page).toContain('its web UI is not part of this build');
      const { status, output } = await run;

      console.log(`tilt ci: ${Math.round((Date.now() - started) / 1000)}s, exit ${status}\n${output.slice(-3000)}`);
      expect(status).toBe(0);
      expect(output).toMatch(/SUCCESS\. All workloads are healthy\./);
      for (const app of APPS) expect(output).toContain(app);
      const deployments = await local.cluster.kubectl(['-n', NAMESPACE, 'get', 'deployments', '-o', 'name']);
      expect(deployments.stdout).not.toMatch(/grafana|prometheus/);

      const pods = await local.cluster.kubectl([
        '-n',
        NAMESPACE,
        'get',
        'pods',
        '-l',
        'app.kubernetes.io/name=chat-agent',
        '-o',
        'jsonpath={range .items[*]}{.status.phase} {range .spec.containers[*]}{.name}={.image} {end}{"\\n"}{end}',
      ]);
      const running = pods.stdout.split('\n').filter((line) => line.startsWith('Running '));
      expect(running).toHaveLength(1);
      const containers = Object.fromEntries(
        (running[0] ?? '')
          .split(' ')
          .slice(1)
          .filter(Boolean)
          .map((container) => container.split('=')),
      ) as Record<string, string>;
      // Tilt's default_registry names the image <registry>/daca-nest_chat-agent, with Tilt's own tag.
      expect(containers.app).toMatch(
        new RegExp(`^${local.registry.address.replace(/\./g, '\\.')}/daca-nest_chat-agent:tilt-build-\\d+$`),
      );
      expect(output).toContain(containers.app);
      expect(Object.keys(containers)).toContain('daprd');
    },
    TILT_CI_MS,
  );

  it('leaves nothing behind once the cluster is stopped', async () => {
    const { dir } = (system as LocalSystem).cluster;
    await system?.stop();
    system = undefined;
    expect({ processes: processesNaming(dir), mounts: mountsUnder(dir), dir: existsSync(dir) }).toEqual({
      processes: [],
      mounts: [],
      dir: false,
    });
    expect(processesNaming(devDir)).toEqual([]);
  });
});

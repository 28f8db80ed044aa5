import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessSpec } from '../stack/managed-process';
import { POD_CIDR } from './node-network';
import { MIRRORED_REGISTRIES } from './images/push-images';

/** containerd of one node, everything of it (root, state, sockets, CNI, registry hosts) under `dir`. */
export interface NodeContainerd {
  readonly dir: string;
  /** unix:// endpoint for the kubelet. */
  readonly endpoint: string;
  /** The process to start (in the node's namespace), healthy once it answers on its socket. */
  readonly spec: ProcessSpec;
  /** Runs ctr against it in the kubelet's namespace (k8s.io). */
  readonly ctr: (args: readonly string[]) => Promise<string>;
  /**
   * Kills and deletes every container of the kubelet's namespace, so that their shims exit and unmount;
   * resolves with their ids.
   */
  readonly removeContainers: () => Promise<string[]>;
}

export interface NodeContainerdOptions {
  readonly dir: string;
  /** Unique per cluster: the CNI network's name, which names its cached results too. */
  readonly networkName: string;
  readonly sandboxImage: string;
  /** host:port of a plain-HTTP registry that mirrors MIRRORED_REGISTRIES. */
  readonly registryMirror?: string;
}

function configToml(dir: string, socket: string, sandboxImage: string): string {
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  return `version = 2
root = "${join(dir, 'root')}"
state = "${join(dir, 'state')}"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs", "io.containerd.internal.v1.tracing"]

[grpc]
  address = "${socket}"

[plugins."io.containerd.internal.v1.opt"]
  path = "${join(dir, 'opt')}"

[${cri}]
  sandbox_image = "${sandboxImage}"
  # This machine lacks CAP_SYS_RESOURCE: without it every sandbox fails with "can't get final child's PID from pipe".
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  enable_selinux = false

[${cri}.containerd]
  snapshotter = "overlayfs"
  default_runtime_name = "runc"

[${cri}.containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"

[${cri}.containerd.runtimes.runc.options]
  SystemdCgroup = false
  Root = "${join(dir, 'runc')}"

[${cri}.cni]
  bin_dir = "/usr/lib/cni"
  conf_dir = "${join(dir, 'cni')}"

[${cri}.registry]
  config_path = "${join(dir, 'certs.d')}"
`;
}

function cniConflist(dir: string, networkName: string): string {
  return JSON.stringify({
    cniVersion: '1.0.0',
    name: networkName,
    plugins: [
      {
        type: 'bridge',
        bridge: 'cni0',
        isGateway: true,
        ipMasq: false,
        hairpinMode: true,
        ipam: {
          type: 'host-local',
          dataDir: join(dir, 'ipam'),
          ranges: [[{ subnet: POD_CIDR }]],
          routes: [{ dst: '0.0.0.0/0' }],
        },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
      { type: 'loopback' },
    ],
  });
}

function writeMirrors(dir: string, mirror: string): void {
  const hosts = `[host."http://${mirror}"]\n  capabilities = ["pull", "resolve"]\n`;
  for (const registry of MIRRORED_REGISTRIES) {
    mkdirSync(join(dir, 'certs.d', registry), { recursive: true });
    writeFileSync(join(dir, 'certs.d', registry, 'hosts.toml'), hosts);
  }
  // Images named after the mirror itself are pulled from it over plain HTTP too.
  mkdirSync(join(dir, 'certs.d', mirror), { recursive: true });
  writeFileSync(join(dir, 'certs.d', mirror, 'hosts.toml'), `server = "http://${mirror}"\n${hosts}`);
}

/** Writes containerd's configuration (CRI for the kubelet, cgroupfs, the CNI bridge, the mirrors). */
export function nodeContainerd({
  dir,
  networkName,
  sandboxImage,
  registryMirror,
}: NodeContainerdOptions): NodeContainerd {
  for (const sub of ['cni', 'certs.d']) mkdirSync(join(dir, sub), { recursive: true });
  const socket = join(dir, 'containerd.sock');
  writeFileSync(join(dir, 'config.toml'), configToml(dir, socket, sandboxImage));
  writeFileSync(join(dir, 'cni', '10-bridge.conflist'), cniConflist(dir, networkName));
  if (registryMirror !== undefined) writeMirrors(dir, registryMirror);
  const ctr = (args: readonly string[]): Promise<string> =>
    new Promise((resolve, reject) =>
      execFile('ctr', ['--address', socket, '--namespace', 'k8s.io', ...args], (error, stdout, stderr) =>
        error ? reject(new Error(`ctr ${args.join(' ')} failed: ${stderr.trim() || error.message}`)) : resolve(stdout),
      ),
    );
  const removeContainers = async (): Promise<string[]> => {
    const ids = (await ctr(['containers', 'list', '--quiet'])).split('\n').filter(Boolean);
    for (const id of ids) {
      await ctr(['tasks', 'kill', '--signal', 'SIGKILL', id]).catch(() => undefined);
      await ctr(['tasks', 'delete', '--force', id]).catch(() => undefined);
      await ctr(['containers', 'delete', id]).catch(() => undefined);
    }
    return ids;
  };
  return {
    dir,
    endpoint: `unix://${socket}`,
    spec: {
      name: 'containerd',
      command: 'containerd',
      args: ['--config', join(dir, 'config.toml')],
      health: async () => {
        try {
          await ctr(['version']);
          return true;
        } catch {
          return false;
        }
      },
    },
    ctr,
    removeContainers,
  };
}

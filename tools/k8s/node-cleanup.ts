import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const CGROUP_ROOT = '/sys/fs/cgroup';
// Paths no configuration moves: the kubelet links its containers' logs into the first and serves device
// plugins in the second, CNI caches its results in the third, containerd's shims put their sockets in the last.
const CONTAINER_LOG_LINKS = '/var/log/containers';
const DEVICE_PLUGINS = '/var/lib/kubelet/device-plugins';
const CNI_RESULTS = '/var/lib/cni/results';
const SHIM_SOCKETS = '/run/containerd/s';

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone already.
  }
}

/** Pids of processes whose command line names `dir` (containerd's shims do), this one excepted. */
export function processesNaming(dir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Mount points at or under `dir`, deepest first. */
export function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) =>
      line.split(' ')[4]?.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))),
    )
    .filter((point): point is string => point !== undefined && (point === dir || point.startsWith(`${dir}/`)))
    .sort((a, b) => b.length - a.length);
}

/** The directories of cgroup `name` (e.g. /daca-1234) in every hierarchy where it exists. */
export function cgroupDirs(name: string): string[] {
  if (!existsSync(CGROUP_ROOT)) return [];
  return readdirSync(CGROUP_ROOT)
    .map((hierarchy) => join(CGROUP_ROOT, hierarchy, name))
    .filter((dir) => existsSync(dir));
}

function subtreeDeepestFirst(dir: string): string[] {
  const children = readdirSync(dir)
    .map((entry) => join(dir, entry))
    .filter((path) => {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    });
  return [...children.flatMap(subtreeDeepestFirst), dir];
}

function killCgroup(dir: string): void {
  for (const group of subtreeDeepestFirst(dir)) {
    try {
      for (const pid of readFileSync(join(group, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean))
        signal(Number(pid), 'SIGKILL');
    } catch {
      // Removed meanwhile.
    }
  }
}

/** Removes `dir` and then its parents up to `top` while they are empty (a fixed path another node may share). */
function removeIfEmpty(dir: string, top: string): void {
  for (let current = dir; current.startsWith(top); current = dirname(current)) {
    try {
      rmdirSync(current);
    } catch {
      return;
    }
  }
}

function otherKubeletRuns(): boolean {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .some((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'kubelet';
      } catch {
        return false;
      }
    });
}

function removeFixedPathLeftovers(dir: string, containerIds: readonly string[]): void {
  if (existsSync(CONTAINER_LOG_LINKS))
    for (const link of readdirSync(CONTAINER_LOG_LINKS)) {
      const path = join(CONTAINER_LOG_LINKS, link);
      try {
        if (readlinkSync(path).startsWith(dir)) rmSync(path, { force: true });
      } catch {
        // Not a link.
      }
    }
  removeIfEmpty(CONTAINER_LOG_LINKS, CONTAINER_LOG_LINKS);
  if (existsSync(CNI_RESULTS))
    for (const result of readdirSync(CNI_RESULTS).filter((file) => containerIds.some((id) => file.includes(id))))
      rmSync(join(CNI_RESULTS, result), { force: true });
  removeIfEmpty(CNI_RESULTS, '/var/lib/cni');
  // The device plugins' socket is the same path for every kubelet: the last one that stops removes it.
  if (!otherKubeletRuns()) rmSync(join(DEVICE_PLUGINS, 'kubelet.sock'), { force: true });
  removeIfEmpty(DEVICE_PLUGINS, '/var/lib/kubelet');
  removeIfEmpty(SHIM_SOCKETS, '/run/containerd');
}

/**
 * Removes what a node leaves behind once its processes are stopped: the containers' processes (by their
 * cgroups under `cgroupName`), the shims (by `dir` on their command line), the mounts under `dir`, the
 * cgroups, and in the paths no configuration moves the kubelet's log links and CNI's cached results of
 * `containerIds`. Throws, naming what is left, when something cannot be removed.
 */
export async function cleanUpNode(dir: string, cgroupName: string, containerIds: readonly string[]): Promise<void> {
  const left: string[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    for (const group of cgroupDirs(cgroupName)) killCgroup(group);
    for (const pid of processesNaming(dir)) signal(pid, 'SIGKILL');
    await sleep(250);
    for (const group of cgroupDirs(cgroupName))
      for (const sub of subtreeDeepestFirst(group)) {
        try {
          rmdirSync(sub);
        } catch {
          // Still has processes dying: the next attempt removes it.
        }
      }
    if (cgroupDirs(cgroupName).length === 0 && processesNaming(dir).length === 0) break;
  }
  for (const point of mountsUnder(dir)) {
    try {
      execFileSync('umount', [point], { stdio: 'ignore' });
    } catch {
      try {
        execFileSync('umount', ['--lazy', point], { stdio: 'ignore' });
      } catch {
        left.push(`mount ${point}`);
      }
    }
  }
  removeFixedPathLeftovers(dir, containerIds);
  left.push(...cgroupDirs(cgroupName).map((group) => `cgroup ${group}`));
  left.push(...processesNaming(dir).map((pid) => `process ${pid}`));
  if (left.length > 0)
    throw new Error(`the node left ${left.join(', ')} behind: remove them by hand (umount, kill, rmdir)`);
}

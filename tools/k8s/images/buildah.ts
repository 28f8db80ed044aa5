import { spawn, spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * Where buildah keeps its layers and containers: a cache outside the repository, so image builds are reused
 * across runs and nothing lands in /var/lib/containers. The overlay driver shares each layer with the next
 * (vfs, which needs no overlay mounts, copied every layer in full: 8 GB and 6-10 minutes per app image).
 */
export interface ImageStore {
  readonly root: string;
  readonly runroot: string;
}

/** What a failure message quotes of buildah's output (a RUN instruction's output included). */
const RECENT_LINES_KEPT = 40;

export function defaultImageStore(): ImageStore {
  const cache =
    process.env.DACA_IMAGE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'daca-nest/images');
  return { root: join(cache, 'overlay'), runroot: join(cache, 'overlay-run') };
}

/** Receives the lines a long operation prints, as they come. */
export type LineSink = (line: string) => void;

/**
 * Runs buildah on the store and resolves with what it printed on stdout; rejects with its last lines when
 * it fails. With `onLine`, every line it prints (stdout and stderr) is handed over as it comes.
 */
export function buildah(store: ImageStore, args: readonly string[], onLine?: LineSink): Promise<string> {
  const storeArgs = ['--root', store.root, '--runroot', store.runroot, '--storage-driver', 'overlay'];
  return new Promise((resolve, reject) => {
    const child = spawn('buildah', [...storeArgs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: string[] = [];
    const recent: string[] = [];
    const keep = (line: string): void => {
      recent.push(line);
      if (recent.length > RECENT_LINES_KEPT) recent.shift();
      onLine?.(line);
    };
    createInterface({ input: child.stdout }).on('line', (line) => {
      stdout.push(line);
      keep(line);
    });
    createInterface({ input: child.stderr }).on('line', keep);
    child.once('error', (error) =>
      reject(new Error(`buildah could not run (${error.message}): install it (apt-get install buildah)`)),
    );
    child.once('close', (code) => {
      if (code === 0) resolve(stdout.join('\n').trim());
      else reject(new Error(`buildah ${args[0]} failed (exit ${code}); its last lines:\n${recent.join('\n').trim()}`));
    });
  });
}

/**
 * Starts a working container from `base` (an image of the store, or `scratch`), lets `work` change it, and
 * commits it as `ref`; the container is removed either way.
 */
export async function commitContainer(
  store: ImageStore,
  base: string,
  ref: string,
  work: (container: string) => Promise<void>,
): Promise<void> {
  const container = await buildah(store, ['from', '--pull-never', base]);
  try {
    await work(container);
    await buildah(store, ['commit', '--rm', container, ref]);
  } catch (error) {
    await buildah(store, ['rm', container]).catch(() => undefined);
    throw error;
  }
}

/** What a command run in a working container sees besides the container's own files. */
export interface RunOptions {
  /** Bind mounts for this command only (`host:container[:ro]`). */
  readonly volumes?: readonly string[];
  /** `NAME=value` variables for this command only. */
  readonly env?: readonly string[];
}

/**
 * Runs `command` in working container `container`, as a RUN instruction would: in a chroot (no daemon, no
 * user namespace needed) with this machine's network.
 */
export async function runInContainer(
  store: ImageStore,
  container: string,
  command: readonly string[],
  options: RunOptions = {},
  onLine?: LineSink,
): Promise<string> {
  const args = ['run', '--isolation=chroot', '--network=host'];
  for (const volume of options.volumes ?? []) args.push('--volume', volume);
  for (const variable of options.env ?? []) args.push('--env', variable);
  return buildah(store, [...args, container, '--', ...command], onLine);
}

/** A build of a Dockerfile, as `docker build` would do it. */
export interface DockerfileBuildSpec {
  readonly ref: string;
  /** The build context (the directory its COPY instructions read; its .dockerignore applies). */
  readonly context: string;
  /** `Dockerfile` of the context unless given. */
  readonly dockerfile?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** Bind mounts for the RUN instructions only (`host:container[:ro]`): nothing of them lands in a layer. */
  readonly volumes?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Builds a Dockerfile with `buildah build`: every stage's layers are kept in the store and reused by the next
 * build whose instructions and copied files are the same (`--layers`), base images come from the store only,
 * RUN instructions run in a chroot with this machine's network (no daemon, no user namespace needed), and
 * the image keeps Docker's format, so that its HEALTHCHECK is not dropped.
 */
export async function buildDockerfile(store: ImageStore, spec: DockerfileBuildSpec, onLine?: LineSink): Promise<void> {
  const args = ['build', '--layers', '--pull=never', '--isolation=chroot', '--network=host', '--format=docker'];
  for (const [name, value] of Object.entries(spec.buildArgs ?? {})) args.push('--build-arg', `${name}=${value}`);
  for (const volume of spec.volumes ?? []) args.push('--volume', volume);
  for (const [name, value] of Object.entries(spec.labels ?? {})) args.push('--label', `${name}=${value}`);
  if (spec.dockerfile) args.push('--file', spec.dockerfile);
  await buildah(store, [...args, '--tag', spec.ref, spec.context], onLine);
}

/** What the store knows of an image: its ID and its OCI configuration. */
export interface ImageInfo {
  readonly id: string;
  readonly config: {
    readonly User?: string;
    readonly Env?: readonly string[];
    readonly Entrypoint?: readonly string[];
    readonly Cmd?: readonly string[];
    readonly WorkingDir?: string;
    readonly Labels?: Readonly<Record<string, string>>;
  };
}

/** The ID and configuration of image `ref` in the store; undefined when the store does not hold it. */
export async function inspectImage(store: ImageStore, ref: string): Promise<ImageInfo | undefined> {
  let inspected: string;
  try {
    inspected = await buildah(store, ['inspect', '--type', 'image', ref]);
  } catch {
    return undefined;
  }
  const { FromImageID, OCIv1 } = JSON.parse(inspected) as {
    FromImageID: string;
    OCIv1: { config?: ImageInfo['config'] };
  };
  return { id: FromImageID, config: OCIv1.config ?? {} };
}

/** How a command run in an image ended: its exit status and what it printed (stdout, then stderr). */
export interface ImageRunResult {
  status: number | null;
  output: string;
}

/**
 * Runs a command in the root filesystem of an image as the image's user (chroot, no namespaces or
 * runtime); proves the image holds everything the command loads.
 */
export async function runInImage(store: ImageStore, ref: string, command: readonly string[]): Promise<ImageRunResult> {
  const container = await buildah(store, ['from', '--pull-never', ref]);
  try {
    const root = await buildah(store, ['mount', container]);
    const format = '{{.OCIv1.Config.User}}';
    const user = await buildah(store, ['inspect', '--type', 'container', '--format', format, container]);
    const { status, stdout, stderr } = spawnSync('chroot', [`--userspec=${user || '0:0'}`, root, ...command], {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    return { status, output: `${stdout}${stderr}`.trim() };
  } finally {
    await buildah(store, ['umount', container]).catch(() => undefined);
    await buildah(store, ['rm', container]).catch(() => undefined);
  }
}

/** Pushes a tagged image of the store to a registry over plain HTTP (a registry on this machine only). */
export async function pushImage(store: ImageStore, ref: string, destination: string): Promise<void> {
  await buildah(store, ['push', '--tls-verify=false', ref, `docker://${destination}`]);
}

/** Writes a tagged image of the store as an OCI archive, which `ctr images import` loads into containerd. */
export async function exportOciArchive(store: ImageStore, ref: string, file: string): Promise<void> {
  await buildah(store, ['push', ref, `oci-archive:${file}:${ref}`]);
}

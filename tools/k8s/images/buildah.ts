import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where buildah keeps its layers and containers: a cache outside the repository (the vfs driver, which
 * needs no overlay mounts), so image builds are reused across runs and nothing lands in /var/lib/containers.
 */
export interface ImageStore {
  readonly root: string;
  readonly runroot: string;
}

/** A file of this machine copied into an image. */
export interface ImageFile {
  readonly source: string;
  /** Absolute path in the image. */
  readonly target: string;
}

/** An image made of files only (static binaries, a pause program): no Dockerfile, no RUN step. */
export interface FilesImageSpec {
  /** Local name and tag, e.g. `ghcr.io/dapr/daprd:1.18.2`. */
  readonly ref: string;
  readonly files: readonly ImageFile[];
  readonly entrypoint: readonly string[];
  /** Numeric, so that `runAsNonRoot` can check it; 65532 (distroless' nonroot) unless given. */
  readonly user?: string;
  /** An image to start from; an empty one unless given. */
  readonly base?: string;
}

const NONROOT_USER = '65532:65532';
/** The label that records what an image from files was made of (see inputsDigest). */
const INPUTS_LABEL = 'io.daca-nest.inputs';

export function defaultImageStore(): ImageStore {
  const cache =
    process.env.DACA_IMAGE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'daca-nest/images');
  return { root: join(cache, 'storage'), runroot: join(cache, 'run') };
}

/** Runs buildah on the store and resolves with what it printed; rejects with its own words when it fails. */
export function buildah(store: ImageStore, args: readonly string[]): Promise<string> {
  const storeArgs = ['--root', store.root, '--runroot', store.runroot, '--storage-driver', 'vfs'];
  return new Promise((resolve, reject) => {
    execFile('buildah', [...storeArgs, ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`buildah ${args[0]} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout.trim());
    });
  });
}

/** A digest of everything an image from files is made of: the spec and the content of each file. */
async function inputsDigest(spec: FilesImageSpec): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(spec));
  for (const file of spec.files) hash.update(await readFile(file.source));
  return hash.digest('hex');
}

/** The ID of the image tagged `ref` and the inputs it was built from, or undefined when there is none. */
async function taggedImage(store: ImageStore, ref: string): Promise<{ id: string; inputs: string } | undefined> {
  const format = `{{.FromImageID}} {{index .OCIv1.Config.Labels "${INPUTS_LABEL}"}}`;
  const found = await buildah(store, ['inspect', '--type', 'image', '--format', format, ref]).catch(() => undefined);
  if (found === undefined) return undefined;
  const [id, inputs = ''] = found.split(' ');
  return { id, inputs };
}

/**
 * Builds an image from files of this machine and tags it `spec.ref` in the store, unless the image
 * tagged so was built from the same spec and file contents; the image it replaces is removed, so that
 * rebuilds do not pile up in the store.
 */
export async function buildImageFromFiles(store: ImageStore, spec: FilesImageSpec): Promise<void> {
  const inputs = await inputsDigest(spec);
  const previous = await taggedImage(store, spec.ref);
  if (previous?.inputs === inputs) return;
  const container = await buildah(store, ['from', '--pull-never', spec.base ?? 'scratch']);
  try {
    for (const file of spec.files)
      await buildah(store, ['copy', '--chmod', '0755', container, file.source, file.target]);
    await buildah(store, [
      'config',
      '--user',
      spec.user ?? NONROOT_USER,
      '--entrypoint',
      JSON.stringify(spec.entrypoint),
      '--cmd',
      '[]',
      '--label',
      `${INPUTS_LABEL}=${inputs}`,
      container,
    ]);
    await buildah(store, ['commit', '--rm', container, spec.ref]);
  } catch (error) {
    await buildah(store, ['rm', container]).catch(() => undefined);
    throw error;
  }
  // Still in use when another tag or a container refers to it: then it stays.
  if (previous) await buildah(store, ['rmi', previous.id]).catch(() => undefined);
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

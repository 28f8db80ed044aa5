import { execFile } from 'node:child_process';
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

/** Whether the store holds an image tagged `ref`. */
export async function imageExists(store: ImageStore, ref: string): Promise<boolean> {
  return buildah(store, ['inspect', '--type', 'image', ref]).then(
    () => true,
    () => false,
  );
}

/** Builds an image from files of this machine and tags it `spec.ref` in the store. */
export async function buildImageFromFiles(store: ImageStore, spec: FilesImageSpec): Promise<void> {
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
      container,
    ]);
    await buildah(store, ['commit', '--rm', container, spec.ref]);
  } catch (error) {
    await buildah(store, ['rm', container]).catch(() => undefined);
    throw error;
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

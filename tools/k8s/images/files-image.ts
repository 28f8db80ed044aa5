import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { buildah, type ImageStore } from './buildah';
import { buildCachedImage, printProgress, recipeHash, type Progress } from './cached-image';
import { sharedLibraries } from './shared-libraries';

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

/**
 * An executable of this machine at `target`, with the shared libraries `ldd` lists for it at the paths it
 * loads them from (the loader included; none for a static one), and nothing else.
 */
export function executableWithLibraries(executable: string, target: string): ImageFile[] {
  const libraries = sharedLibraries(executable).map((path) => ({ source: realpathSync(path), target: path }));
  return [{ source: executable, target }, ...libraries];
}

/**
 * Builds an image from files of this machine and tags it `spec.ref` in the store, unless the image tagged
 * so was built from the same spec and file contents (buildCachedImage); resolves with the ref.
 */
export async function buildImageFromFiles(
  store: ImageStore,
  spec: FilesImageSpec,
  progress: Progress = printProgress,
): Promise<string> {
  const contents = await Promise.all(spec.files.map((file) => readFile(file.source)));
  const recipe = recipeHash(JSON.stringify(spec), ...contents);
  return buildCachedImage(
    store,
    { ref: spec.ref, base: spec.base ?? 'scratch', recipe },
    async (container) => {
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
    },
    progress,
  );
}

import { createHash } from 'node:crypto';
import { buildah, commitContainer, inspectImage, type ImageStore } from './buildah';

/** Receives the progress lines of a long build. */
export type Progress = (line: string) => void;

export const printProgress: Progress = (line) => process.stderr.write(`[images] ${line}\n`);

/** The label that records what an image was built from: a hash of its recipe. */
export const RECIPE_LABEL = 'org.daca-nest.recipe';

/** A short hash of everything an image is made from (source files, versions, binaries). */
export function recipeHash(...parts: readonly (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(createHash('sha256').update(part).digest());
  return hash.digest('hex').slice(0, 16);
}

export interface CachedImageSpec {
  readonly ref: string;
  /** The image it starts from (`scratch`: nothing). */
  readonly base: string;
  /** recipeHash() of what the image is made from: the image is rebuilt when it changes. */
  readonly recipe: string;
}

/**
 * Builds `spec.ref` from `spec.base` with `work` (as commitContainer does) unless the store already holds
 * it built from the same recipe; resolves with the ref either way.
 */
export async function buildCachedImage(
  store: ImageStore,
  spec: CachedImageSpec,
  work: (container: string) => Promise<void>,
  progress: Progress,
): Promise<string> {
  const previous = await inspectImage(store, spec.ref);
  if (previous?.config.Labels?.[RECIPE_LABEL] === spec.recipe) {
    progress(`${spec.ref} is up to date (recipe ${spec.recipe})`);
    return spec.ref;
  }
  const started = Date.now();
  progress(`building ${spec.ref} (recipe ${spec.recipe})`);
  await commitContainer(store, spec.base, spec.ref, async (container) => {
    await work(container);
    await buildah(store, ['config', '--label', `${RECIPE_LABEL}=${spec.recipe}`, container]);
  });
  // The outdated build, unless an image of the store still starts from it.
  if (previous) await buildah(store, ['rmi', previous.id]).catch(() => undefined);
  progress(`built ${spec.ref} in ${Math.round((Date.now() - started) / 1000)}s`);
  return spec.ref;
}

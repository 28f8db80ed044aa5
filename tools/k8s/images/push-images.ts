import { pushImage, type ImageStore } from './buildah';
import { printProgress, type Progress } from './cached-image';

/**
 * The registries the local cluster's containerd looks up in the local registry instead (tools/k8s/containerd.ts),
 * so that manifests keep their images' real names; `localhost` names the images built on this machine.
 */
export const MIRRORED_REGISTRIES = ['docker.io', 'ghcr.io', 'registry.k8s.io', 'localhost'];

/**
 * Where `ref` lives in the local registry at `registryAddress`: its repository and tag with the registry's
 * name in place of docker.io, ghcr.io or localhost (`docker.io/daca-nest/callee:dev` →
 * `10.0.0.1:5000/daca-nest/callee:dev`), as containerd's mirror configuration asks for it.
 */
export function registryRef(ref: string, registryAddress: string): string {
  const [first, ...rest] = ref.split('/');
  if (first && MIRRORED_REGISTRIES.includes(first) && rest.length > 0) return `${registryAddress}/${rest.join('/')}`;
  throw new Error(
    `${ref} is not named in ${MIRRORED_REGISTRIES.join(', ')}: the cluster would not look for it in the local registry`,
  );
}

/** Pushes images of the store to the local registry (plain HTTP); resolves with the refs they have there. */
export async function pushImages(
  store: ImageStore,
  refs: readonly string[],
  registryAddress: string,
  progress: Progress = printProgress,
): Promise<string[]> {
  const pushed: string[] = [];
  for (const ref of refs) {
    const destination = registryRef(ref, registryAddress);
    const started = Date.now();
    await pushImage(store, ref, destination);
    progress(`pushed ${ref} as ${destination} in ${Math.round((Date.now() - started) / 1000)}s`);
    pushed.push(destination);
  }
  return pushed;
}

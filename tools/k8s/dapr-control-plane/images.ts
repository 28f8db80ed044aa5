import { existsSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pinnedDaprVersion } from '../../stack/dapr-binaries';
import { runInstaller } from '../../stack/run-installer';
import { defaultImageStore, type ImageStore } from '../images/buildah';
import { buildImageFromFiles, executableWithLibraries, type ImageFile } from '../images/files-image';

const ROOT_DIR = resolve(__dirname, '../../..');
/** The chart's global.registry default, kept in tools/k8s/dapr-values.yaml. */
const REGISTRY = 'ghcr.io/dapr';
/** Where Debian's ca-certificates keeps the bundle Go reads; distroless images have it too. */
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** Dapr's Kubernetes components, each an image named after its binary, which the chart runs as `/<name>`. */
export const DAPR_COMPONENTS = ['daprd', 'operator', 'injector', 'placement', 'scheduler', 'sentry'] as const;
export type DaprComponent = (typeof DAPR_COMPONENTS)[number];

/** The image the chart names for a component: `ghcr.io/dapr/<component>:<pinned version>`. */
export function daprImageRef(component: DaprComponent): string {
  return `${REGISTRY}/${component}:${pinnedDaprVersion(ROOT_DIR)}`;
}

/**
 * The files of a component's image: its binary at `/<component>`, the shared libraries it loads at the
 * paths it loads them from (the cached binaries link glibc), and the CA bundle.
 */
function imageFiles(binDir: string, component: DaprComponent): ImageFile[] {
  const caBundle = existsSync(CA_BUNDLE) ? [{ source: realpathSync(CA_BUNDLE), target: CA_BUNDLE }] : [];
  return [...executableWithLibraries(join(binDir, component), `/${component}`), ...caBundle];
}

/**
 * Builds (or finds up to date) one image per Dapr component from the pinned release's binaries
 * (tools/dapr/install.sh builds them on first use), named as the chart expects with
 * global.registry=ghcr.io/dapr and global.tag=<pinned version>; resolves with their references.
 */
export async function buildDaprImages(store: ImageStore = defaultImageStore()): Promise<string[]> {
  const binDir = runInstaller(ROOT_DIR, 'tools/dapr/install.sh', [...DAPR_COMPONENTS]);
  const refs: string[] = [];
  for (const component of DAPR_COMPONENTS) {
    const ref = daprImageRef(component);
    await buildImageFromFiles(store, { ref, files: imageFiles(binDir, component), entrypoint: [`/${component}`] });
    refs.push(ref);
  }
  return refs;
}

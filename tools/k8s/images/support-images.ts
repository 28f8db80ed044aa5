import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildah, inspectImage, runInContainer, type ImageStore } from './buildah';
import { buildCachedImage, printProgress, recipeHash, type Progress } from './cached-image';
import { buildDebianImage, installDebianPackages } from './debian-image';
import { runInstaller } from '../../stack/run-installer';
import { buildImageFromFiles, executableWithLibraries } from './files-image';

const ROOT_DIR = resolve(__dirname, '../../..');
/** The official redis image's user and group, which k8s/overlays/dev/redis.yaml runs as. */
const REDIS_USER_SETUP =
  'groupadd --system --gid 999 redis && useradd --system --uid 999 --gid redis --home-dir /data --no-create-home redis';

/** A version as an image tag allows it (`5:7.0.15-1~deb12u10` → `7.0.15-1-deb12u10`): no epoch, no `~` or `+`. */
export function versionTag(version: string): string {
  return version.replace(/^\d+:/, '').replace(/[^\w.-]/g, '-');
}

/** The version of Debian package `name` that apt on this machine would install. */
function candidateVersion(name: string): string {
  const policy = execFileSync('apt-cache', ['policy', name], { encoding: 'utf8' });
  const version = /Candidate: (\S+)/.exec(policy)?.[1];
  if (!version || version === '(none)')
    throw new Error(`apt on this machine knows no package ${name}: run 'apt-get update', then try again`);
  return version;
}

/**
 * Redis from Debian's redis-server package (the dev overlay's `redis:7.4-alpine` cannot be had here), on
 * the Debian image, laid out like the official image: user redis 999:999, /data its working directory,
 * redis-server the entrypoint (the overlay passes flags only) and redis-cli beside it for the probe.
 */
async function buildRedisImage(store: ImageStore, debian: string, progress: Progress): Promise<string> {
  const version = candidateVersion('redis-server');
  const debianId = (await inspectImage(store, debian))?.id ?? debian;
  const spec = {
    ref: `localhost/daca-nest/redis:${versionTag(version)}`,
    base: debian,
    recipe: recipeHash(readFileSync(__filename), debianId, version),
  };
  return buildCachedImage(
    store,
    spec,
    async (container) => {
      await runInContainer(store, container, ['sh', '-ec', REDIS_USER_SETUP]);
      await installDebianPackages(store, container, ['redis-server'], progress);
      await runInContainer(store, container, ['sh', '-ec', 'mkdir -p /data && chown redis:redis /data']);
      await buildah(store, [
        'config',
        '--user',
        '999:999',
        '--workingdir',
        '/data',
        '--entrypoint',
        '["redis-server"]',
        '--cmd',
        '[]',
        '--port',
        '6379',
        container,
      ]);
    },
    progress,
  );
}

/**
 * Builds the images the dev overlay needs besides the apps and its monitoring, each under an honest local
 * name, and resolves with their refs: Redis (Debian's redis-server) and Jaeger (the project's own build,
 * tools/jaeger/install.sh, with the C library it links and nothing else). Grafana has no Debian package and
 * no Go module that builds its UI; Debian's Prometheus is built without Kubernetes service discovery, which
 * k8s/monitoring's configuration needs: neither has an image here.
 */
export async function buildSupportImages(store: ImageStore, progress: Progress = printProgress): Promise<string[]> {
  const debian = await buildDebianImage(store, progress);
  const jaeger = runInstaller(ROOT_DIR, 'tools/jaeger/install.sh');
  const jaegerVersion = /\/(v[^/]+)\/jaeger$/.exec(jaeger)?.[1] ?? 'local';
  return [
    await buildRedisImage(store, debian, progress),
    await buildImageFromFiles(
      store,
      {
        ref: `localhost/daca-nest/jaeger:${jaegerVersion}`,
        files: executableWithLibraries(jaeger, '/jaeger'),
        entrypoint: ['/jaeger'],
        user: '10001:10001',
      },
      progress,
    ),
  ];
}

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildah, inspectImage, runInContainer, type ImageStore } from './buildah';
import { buildCachedImage, printProgress, recipeHash, type Progress } from './cached-image';
import { buildDebianImage, installDebianPackages } from './debian-image';
import { debianCodename } from './debian-sources';
import { debianPackagesOf, sharedLibraries } from './shared-libraries';

/** This machine's Node.js, which the images run. */
const NODE = '/usr/bin/node';
/** The official node image's user and group: k8s/base/app-defaults.yaml runs the apps as 1000. */
const NODE_USER_SETUP =
  'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node';
const NPM_LINKS =
  'ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx';

/**
 * Builds (once per recipe) the image the Dockerfile's NODE_IMAGE stands for, laid out like the official
 * node image: this machine's Debian release (buildDebianImage) with the packages of the libraries node
 * links, this machine's node and global npm in /usr/local, and user `node` (1000:1000). Named
 * `localhost/daca-nest/node-base:<node version>-<codename>`; resolves with that name.
 */
export async function buildBaseImage(store: ImageStore, progress: Progress = printProgress): Promise<string> {
  const debian = await buildDebianImage(store, progress);
  const debianInfo = await inspectImage(store, debian);
  if (!debianInfo) throw new Error(`${debian} is missing from the image store right after its build`);
  const nodeVersion = execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
  const npmDir = join(execFileSync('npm', ['root', '--global'], { encoding: 'utf8' }).trim(), 'npm');
  const npmVersion = (JSON.parse(readFileSync(join(npmDir, 'package.json'), 'utf8')) as { version: string }).version;
  const spec = {
    ref: `localhost/daca-nest/node-base:${nodeVersion}-${debianCodename()}`,
    base: debian,
    recipe: recipeHash(readFileSync(__filename), debianInfo.id, readFileSync(NODE), npmVersion),
  };
  return buildCachedImage(
    store,
    spec,
    async (container) => {
      await installDebianPackages(store, container, debianPackagesOf(sharedLibraries(NODE)), progress);
      progress(`adding node ${nodeVersion} and npm ${npmVersion} of this machine`);
      await buildah(store, ['copy', container, NODE, '/usr/local/bin/node']);
      await buildah(store, ['copy', container, npmDir, '/usr/local/lib/node_modules/npm']);
      const versions = await runInContainer(store, container, [
        'sh',
        '-ec',
        `${NPM_LINKS} && ${NODE_USER_SETUP} && node --version && npm --version`,
      ]);
      progress(`node and npm answer in the image: ${versions.split('\n').join(', ')}`);
      await buildah(store, ['config', '--env', `NODE_VERSION=${nodeVersion}`, '--cmd', '["node"]', container]);
    },
    progress,
  );
}

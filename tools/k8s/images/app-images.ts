import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildDockerfile, inspectImage, type ImageStore } from './buildah';
import { buildBaseImage } from './base-image';
import { printProgress, RECIPE_LABEL, recipeHash, type Progress } from './cached-image';

const ROOT_DIR = resolve(__dirname, '../../..');

export interface AppImagesOptions {
  /** The tag of every app image, e.g. `dev` (the manifests' `daca-nest/<app>:dev`). */
  readonly tag: string;
  /** Every application of nest-cli.json unless given. */
  readonly apps?: readonly string[];
}

/** The applications of nest-cli.json, the workspace's one list of them. */
export function workspaceApps(): string[] {
  const { projects } = JSON.parse(readFileSync(join(ROOT_DIR, 'nest-cli.json'), 'utf8')) as {
    projects: Record<string, { type: string }>;
  };
  return Object.entries(projects)
    .filter(([, project]) => project.type === 'application')
    .map(([name]) => name);
}

/** The name an app image is tagged with, the one the manifests pull (Docker Hub's `daca-nest/<app>`). */
export function appImageRef(app: string, tag: string): string {
  return `docker.io/daca-nest/${app}:${tag}`;
}

/** Every file under `path` (a file or a directory), depth first, in a stable order. */
function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => filesUnder(join(path, entry)));
}

/**
 * What every app image is made from: the Dockerfile, the files of the build context that .dockerignore
 * lets in (its `!` lines; the spec files it leaves out count too, which only costs a rebuild) and the base
 * image. Unchanged, the app images are not handed to buildah at all: even a build whose every step is
 * cached walks and commits each stage.
 */
function contextRecipe(baseId: string): string[] {
  const admitted = readFileSync(join(ROOT_DIR, '.dockerignore'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('!'))
    .map((line) => join(ROOT_DIR, line.slice(1)));
  const files = [join(ROOT_DIR, 'Dockerfile'), join(ROOT_DIR, '.dockerignore'), ...admitted.flatMap(filesUnder)];
  return [baseId, ...files.flatMap((file) => [file.slice(ROOT_DIR.length), readFileSync(file, 'utf8')])];
}

const npmConfig = (key: string): string =>
  execFileSync('npm', ['config', 'get', key], { encoding: 'utf8', cwd: homedir() }).trim();

/**
 * The bind mounts that give the Dockerfile's `RUN npm ci` this machine's npm configuration, for the RUN
 * instructions only: an npmrc with this machine's registry, its user settings (~/.npmrc) and the CA
 * bundle it trusts, so that the Dockerfile names no registry and no layer keeps any of it.
 */
function npmVolumes(dir: string): string[] {
  const userConfig = join(homedir(), '.npmrc');
  const cafile = npmConfig('cafile');
  const npmrc = [
    existsSync(userConfig) ? readFileSync(userConfig, 'utf8') : '',
    `registry=${npmConfig('registry')}`,
    cafile === 'null' || cafile === '' ? '' : `cafile=${cafile}`,
  ].join('\n');
  writeFileSync(join(dir, 'npmrc'), `${npmrc}\n`, { mode: 0o600 });
  const volumes = [`${join(dir, 'npmrc')}:/root/.npmrc:ro`];
  if (cafile !== 'null' && cafile !== '') volumes.push(`${cafile}:${cafile}:ro`);
  return volumes;
}

/**
 * Builds the app images from the project's own Dockerfile, unchanged: NODE_IMAGE is the locally assembled
 * base image (buildBaseImage), APP each app in turn. The stages every app shares (production
 * dependencies, the full install, the sources) are built once and reused from the store's layer cache, so
 * a warm build redoes only what changed. Resolves with the refs built, `docker.io/daca-nest/<app>:<tag>`.
 */
export async function buildAppImages(
  store: ImageStore,
  { tag, apps = workspaceApps() }: AppImagesOptions,
  progress: Progress = printProgress,
): Promise<string[]> {
  const base = await buildBaseImage(store, progress);
  const context = contextRecipe((await inspectImage(store, base))?.id ?? base);
  const dir = mkdtempSync(join(tmpdir(), 'daca-app-images-'));
  const refs: string[] = [];
  try {
    const volumes = npmVolumes(dir);
    for (const app of apps) {
      const ref = appImageRef(app, tag);
      const recipe = recipeHash(...context, app);
      refs.push(ref);
      if ((await inspectImage(store, ref))?.config.Labels?.[RECIPE_LABEL] === recipe) {
        progress(`${ref} is up to date (recipe ${recipe})`);
        continue;
      }
      const started = Date.now();
      progress(`building ${ref} from the Dockerfile (NODE_IMAGE=${base})`);
      await buildDockerfile(
        store,
        {
          ref,
          context: ROOT_DIR,
          buildArgs: { NODE_IMAGE: base, APP: app },
          volumes,
          labels: { [RECIPE_LABEL]: recipe },
        },
        (line) => {
          if (/^(\[\d+\/\d+\] )?STEP \d+\/\d+|^--> Using cache/.test(line)) progress(`${app}: ${line}`);
        },
      );
      progress(`built ${ref} in ${Math.round((Date.now() - started) / 1000)}s`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return refs;
}

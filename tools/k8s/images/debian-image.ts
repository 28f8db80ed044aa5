import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildah, runInContainer, type ImageStore } from './buildah';
import { buildCachedImage, printProgress, recipeHash, type Progress } from './cached-image';
import { debianCodename, debianMirror, debianSourcesList } from './debian-sources';

const LOG_LINES_KEPT = 30;
/** debootstrap's lines about one package each, counted rather than shown. */
const PER_PACKAGE_STEP = /^I: (?:(Retrieving|Validating) \S+ \S+|(Extracting|Unpacking|Configuring) [^ ]+\.\.\.)$/;
/** In its place while packages are installed: services are not started in an image being built. */
const NO_SERVICE_STARTS = "printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d";

/** The image every other image of the cluster starts from: `localhost/daca-nest/debian:<codename>`. */
export function debianImageRef(codename = debianCodename()): string {
  return `localhost/daca-nest/debian:${codename}`;
}

/** Unmounts what a program left mounted under `dir` (debootstrap mounts /proc and /sys in its target). */
function unmountUnder(dir: string): void {
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((target) => target.startsWith(`${dir}/`))
    .reverse();
  for (const target of mounts) execFileSync('umount', ['--lazy', target]);
}

/** Runs debootstrap into `rootfs`, saying which phase it is in, and fails with its last lines. */
function debootstrap(codename: string, rootfs: string, progress: Progress): Promise<void> {
  const mirror = debianMirror(codename);
  progress(`debootstrap --variant=minbase ${codename} from this machine's Debian mirror (a few minutes)`);
  return new Promise((resolve, reject) => {
    const child = spawn('debootstrap', ['--variant=minbase', '--include=ca-certificates', codename, rootfs, mirror], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const perPackage = new Map<string, number>();
    const onData = (chunk: Buffer): void => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines.push(line);
        if (lines.length > LOG_LINES_KEPT) lines.shift();
        const step = PER_PACKAGE_STEP.exec(line);
        const verb = step?.[1] ?? step?.[2];
        if (!verb) progress(`debootstrap: ${line.replace(/^I: /, '')}`);
        else {
          const count = (perPackage.get(verb) ?? 0) + 1;
          perPackage.set(verb, count);
          if (count % 25 === 0) progress(`debootstrap: ${verb} ${count} packages`);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) =>
      reject(new Error(`debootstrap could not run (${error.message}): install it (apt-get install debootstrap)`)),
    );
    child.once('close', (code) => {
      unmountUnder(rootfs);
      if (code === 0) resolve();
      else reject(new Error(`debootstrap failed (exit ${code}); its last lines:\n${lines.join('\n')}`));
    });
  });
}

/**
 * Runs `script` (sh) in the working container `container` with this machine's Debian sources in place of
 * the image's empty /etc/apt/sources.list, as apt needs them: they are not kept in the image.
 */
export async function runWithDebianSources(
  store: ImageStore,
  container: string,
  script: string,
  progress: Progress,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'daca-apt-'));
  try {
    const sources = join(dir, 'sources.list');
    writeFileSync(sources, debianSourcesList(debianCodename()));
    await runInContainer(
      store,
      container,
      ['sh', '-ec', script],
      { volumes: [`${sources}:/etc/apt/sources.list:ro`], env: ['DEBIAN_FRONTEND=noninteractive'] },
      (line) => {
        if (line.startsWith('Setting up ')) progress(`apt: ${line}`);
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Installs Debian packages (with their dependencies, no recommends) into a working container, then clears apt's caches. */
export function installDebianPackages(
  store: ImageStore,
  container: string,
  packages: readonly string[],
  progress: Progress,
): Promise<void> {
  progress(`installing ${packages.join(' ')}`);
  return runWithDebianSources(
    store,
    container,
    `${NO_SERVICE_STARTS}; apt-get update -qq; apt-get install -y --no-install-recommends ${packages.join(' ')}; ` +
      'rm /usr/sbin/policy-rc.d; apt-get clean; rm -rf /var/lib/apt/lists/*',
    progress,
  );
}

/**
 * Builds (once per recipe) a minimal Debian of this machine's release: debootstrap's minbase with
 * ca-certificates, from the mirror of this machine's apt configuration, upgraded with its updates and
 * security updates. It keeps no apt sources, no apt lists, no host name and no resolv.conf of this machine.
 */
export async function buildDebianImage(store: ImageStore, progress: Progress = printProgress): Promise<string> {
  const codename = debianCodename();
  const spec = {
    ref: debianImageRef(codename),
    base: 'scratch',
    recipe: recipeHash(readFileSync(__filename), codename),
  };
  return buildCachedImage(
    store,
    spec,
    async (container) => {
      const rootfs = await buildah(store, ['mount', container]);
      try {
        await debootstrap(codename, rootfs, progress);
        for (const leftover of ['etc/hostname', 'etc/resolv.conf']) rmSync(join(rootfs, leftover), { force: true });
        writeFileSync(
          join(rootfs, 'etc/apt/sources.list'),
          '# None: the images are built with the sources of the build machine.\n',
        );
      } finally {
        await buildah(store, ['umount', container]);
      }
      progress('upgrading to the latest updates and security updates');
      await runWithDebianSources(
        store,
        container,
        'apt-get update -qq; apt-get upgrade -y; apt-get clean; rm -rf /var/lib/apt/lists/*',
        progress,
      );
      await buildah(store, ['config', '--cmd', '["bash"]', container]);
    },
    progress,
  );
}

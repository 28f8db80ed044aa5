import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** One `deb` line of this machine's apt configuration. */
interface AptSource {
  readonly uri: string;
  readonly release: string;
  readonly component: string;
}

/** The Debian release of this machine (`bookworm`), which its images are assembled from. */
export function debianCodename(): string {
  const codename = /^VERSION_CODENAME=(.+)$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1]?.trim();
  if (!codename) throw new Error('/etc/os-release names no VERSION_CODENAME: the images are built on Debian only');
  return codename;
}

/** This machine's Debian package sources of its own release, its updates and security updates. */
function aptSources(codename: string): AptSource[] {
  const targets = execFileSync(
    'apt-get',
    ['indextargets', '--format', '$(REPO_URI) $(RELEASE) $(COMPONENT)', 'Identifier: Packages', 'Target-Of: deb'],
    { encoding: 'utf8' },
  );
  const sources = new Map<string, AptSource>();
  for (const line of targets.split('\n')) {
    const [uri, release, component] = line.split(' ');
    if (!uri || !component || !release?.match(new RegExp(`^${codename}(-updates|-security)?$`))) continue;
    sources.set(line, { uri, release, component });
  }
  if (sources.size === 0)
    throw new Error(
      `apt on this machine has no package source of Debian ${codename}: add one to /etc/apt/sources.list(.d), then run 'apt-get update'`,
    );
  return [...sources.values()];
}

/** The mirror this machine installs Debian `codename` from, read from its apt configuration. */
export function debianMirror(codename: string): string {
  const main = aptSources(codename).find((source) => source.release === codename && source.component === 'main');
  if (!main) throw new Error(`apt on this machine has no 'main' source of Debian ${codename}: add one, then run again`);
  return main.uri;
}

/** This machine's Debian sources as a sources.list, for apt in an image while it is built (never kept in it). */
export function debianSourcesList(codename: string): string {
  return aptSources(codename)
    .map((source) => `deb ${source.uri} ${source.release} ${source.component}\n`)
    .join('');
}

import { execFileSync } from 'node:child_process';

/** The shared libraries `ldd` lists for `binary`, as absolute paths, the dynamic loader included (none: static). */
export function sharedLibraries(binary: string): string[] {
  let listed: string;
  try {
    listed = execFileSync('ldd', [binary], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    return []; // ldd fails on a static executable ("not a dynamic executable").
  }
  return [...listed.matchAll(/(?:=> )?(\/\S+) \(0x/g)].map((match) => match[1]);
}

/** The Debian packages of this machine that hold `files` (dpkg knows a merged-/usr file under one of its two paths). */
export function debianPackagesOf(files: readonly string[]): string[] {
  const packages = new Set<string>();
  for (const file of files) {
    const owner = [file, `/usr${file}`, file.replace(/^\/usr/, '')]
      .map((path) => {
        try {
          return execFileSync('dpkg-query', ['--search', path], {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
          });
        } catch {
          return '';
        }
      })
      .find(Boolean);
    if (!owner) throw new Error(`no Debian package of this machine holds ${file}: install the one that provides it`);
    packages.add(owner.split(':')[0]);
  }
  return [...packages].sort();
}

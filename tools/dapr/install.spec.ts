import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheRecipe, fakeBinDir as fakeBinaries, runInstallScript } from '../jest/install-script';
import { pinnedDaprVersion } from '../stack/dapr-binaries';

const ROOT_DIR = join(__dirname, '../..');
const BINARIES = ['daprd', 'placement', 'scheduler', 'sentry'];

/** A directory of stand-in Dapr binaries whose daprd reports `version`. */
function fakeBinDir(dir: string, version: string, names: string[] = BINARIES): string {
  return fakeBinaries(dir, names, `echo ${version}\n`);
}

/**
 * A stand-in `go` that downloads nothing, lists one package and "builds" each binary asked for as a
 * script, recording its name in `log`.
 */
function fakeGo(dir: string, log: string): string {
  mkdirSync(dir, { recursive: true });
  const script = `#!/bin/sh
case "$1" in
list) echo some/package ;;
build) while [ "$1" != -o ]; do shift; done; printf '#!/bin/sh\n' >"$2"; chmod +x "$2"; basename "$2" >>${log} ;;
esac
`;
  writeFileSync(join(dir, 'go'), script);
  chmodSync(join(dir, 'go'), 0o755);
  return dir;
}

function recipe(): string {
  return cacheRecipe(['go.mod', 'go.sum'].map((file) => join(__dirname, file)));
}

function install(env: Record<string, string>, args: string[] = []) {
  return runInstallScript(join(__dirname, 'install.sh'), args, env);
}

describe('tools/dapr/install.sh finds the runtime', () => {
  let home: string;
  const pinned = pinnedDaprVersion(ROOT_DIR);

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'daca-install-'));
  });

  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('takes DAPR_BIN_DIR first', () => {
    const dir = fakeBinDir(join(home, 'custom'), 'anything');
    fakeBinDir(join(home, '.dapr/bin'), pinned);
    expect(install({ HOME: home, DAPR_BIN_DIR: dir })).toMatchObject({ status: 0, stdout: dir });
  });

  it('refuses a DAPR_BIN_DIR without the four binaries, and says what to do', () => {
    const result = install({ HOME: home, DAPR_BIN_DIR: join(home, 'empty') });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `must hold executable daprd placement scheduler sentry; unset it to build Dapr v${pinned}`,
    );
  });

  it("takes a 'dapr init' install of the pinned version", () => {
    const dir = fakeBinDir(join(home, '.dapr/bin'), pinned);
    expect(install({ HOME: home })).toMatchObject({ status: 0, stdout: dir });
  });

  it("passes over a 'dapr init' install of another version to the build cache, keyed by go.mod and go.sum", () => {
    fakeBinDir(join(home, '.dapr/bin'), '1.0.0');
    const cached = fakeBinDir(join(home, 'cache', `v${pinned}-${recipe()}`), pinned);
    writeFileSync(join(cached, '.complete'), '');

    const result = install({ HOME: home, DACA_DAPR_CACHE: join(home, 'cache') });
    expect(result).toMatchObject({ status: 0, stdout: cached });
    expect(result.stderr).toContain(`holds daprd '1.0.0', not v${pinned}: using a build of v${pinned} instead`);
  });

  it('answers --help with its usage, and an unknown option or binary with the usage and an error', () => {
    expect(install({ HOME: home }, ['--help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('Usage:') });
    const option = install({ HOME: home }, ['--fast']);
    expect(option.status).toBe(1);
    expect(option.stderr).toMatch(/Usage:[\s\S]*error: unknown option --fast/);
    expect(install({ HOME: home }, ['kubelet']).stderr).toMatch(/error: unknown binary kubelet/);
  });

  it('refuses a DAPR_BIN_DIR without the Kubernetes-only binaries asked for', () => {
    const dir = fakeBinDir(join(home, 'custom'), pinned);
    expect(install({ HOME: home, DAPR_BIN_DIR: dir }, ['daprd'])).toMatchObject({ status: 0, stdout: dir });
    const result = install({ HOME: home, DAPR_BIN_DIR: dir }, ['operator', 'injector']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('must hold executable operator injector; unset it to build');
  });

  it("builds only what the cache lacks, into a new complete cache, and passes over 'dapr init' for operator", () => {
    fakeBinDir(join(home, '.dapr/bin'), pinned);
    const cached = fakeBinDir(join(home, 'cache', `v${pinned}-${recipe()}`), pinned);
    writeFileSync(join(cached, '.complete'), '');
    const built = join(home, 'built.log');
    const env = {
      HOME: home,
      DACA_DAPR_CACHE: join(home, 'cache'),
      PATH: `${fakeGo(join(home, 'go'), built)}:/usr/bin:/bin`,
    };

    const result = install(env, ['daprd', 'operator', 'injector']);

    expect(result).toMatchObject({ status: 0, stdout: cached });
    expect(result.stderr).toContain(`building Dapr v${pinned} (daprd operator injector)`);
    expect(readFileSync(built, 'utf8').split('\n').filter(Boolean)).toEqual(['operator', 'injector']);
    expect(readdirSync(cached).sort()).toEqual(['.complete', ...BINARIES, 'injector', 'operator'].sort());
    expect(install(env, ['operator'])).toMatchObject({ status: 0, stdout: cached });
    expect(readFileSync(built, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });
});

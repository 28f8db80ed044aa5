import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pinnedDaprVersion } from '../stack/dapr-binaries';

const ROOT_DIR = join(__dirname, '../..');
const BINARIES = ['daprd', 'placement', 'scheduler', 'sentry'];

/** A directory of stand-in Dapr binaries whose daprd reports `version`. */
function fakeBinDir(dir: string, version: string): string {
  mkdirSync(dir, { recursive: true });
  for (const name of BINARIES) {
    writeFileSync(join(dir, name), `#!/bin/sh\necho ${version}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

function install(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const { status, stdout, stderr } = spawnSync('bash', [join(__dirname, 'install.sh')], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return { status, stdout: stdout.trim(), stderr };
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
    const recipe = createHash('sha256')
      .update(readFileSync(join(__dirname, 'go.mod')))
      .update(readFileSync(join(__dirname, 'go.sum')))
      .digest('hex')
      .slice(0, 12);
    const cached = fakeBinDir(join(home, 'cache', `v${pinned}-${recipe}`), pinned);
    writeFileSync(join(cached, '.complete'), '');

    const result = install({ HOME: home, DACA_DAPR_CACHE: join(home, 'cache') });
    expect(result).toMatchObject({ status: 0, stdout: cached });
    expect(result.stderr).toContain(`holds daprd '1.0.0', not v${pinned}: using a build of v${pinned} instead`);
  });
});

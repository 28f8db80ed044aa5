import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheRecipe, fakeBinDir, runInstallScript } from '../jest/install-script';

const install = (args: string[], env: Record<string, string>) =>
  runInstallScript(join(__dirname, 'install.sh'), args, env);

describe('tools/tilt/install.sh', () => {
  let home: string;
  const pinned = /^require github\.com\/tilt-dev\/tilt (v\S+)/m.exec(
    readFileSync(join(__dirname, 'go.mod'), 'utf8'),
  )?.[1];

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'daca-tilt-install-'));
  });

  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('answers --help with its usage, and an unknown argument with the usage and an error', () => {
    expect(install(['--help'], { HOME: home })).toMatchObject({ status: 0, stdout: expect.stringContaining('Usage:') });
    const unknown = install(['--fast'], { HOME: home });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/Usage:[\s\S]*error: unknown argument --fast/);
  });

  it('takes TILT_BIN_DIR first, and refuses one without tilt', () => {
    const dir = fakeBinDir(join(home, 'custom'), ['tilt']);
    expect(install([], { HOME: home, TILT_BIN_DIR: dir })).toMatchObject({ status: 0, stdout: dir });
    const empty = install([], { HOME: home, TILT_BIN_DIR: join(home, 'empty') });
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain(`must hold executable tilt; unset it to build Tilt ${pinned}`);
  });

  it('answers from its cache, keyed by the pinned version, go.mod, go.sum and the web UI page, without Go', () => {
    const recipe = cacheRecipe(['go.mod', 'go.sum', 'web-ui.html'].map((file) => join(__dirname, file)));
    const cached = fakeBinDir(join(home, 'cache', `${pinned}-${recipe}`), ['tilt']);
    writeFileSync(join(cached, '.complete'), '');

    const withoutGo = { PATH: '/usr/bin:/bin', HOME: home, DACA_TILT_CACHE: join(home, 'cache') };
    expect(install([], withoutGo)).toMatchObject({ status: 0, stdout: cached });
  });
});

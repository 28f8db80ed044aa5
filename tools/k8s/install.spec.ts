import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheRecipe, fakeBinDir as fakeBinaries, runInstallScript } from '../jest/install-script';

const DEFAULT_BINARIES = ['kube-apiserver', 'kubectl'];

const fakeBinDir = (dir: string, names: string[] = DEFAULT_BINARIES): string => fakeBinaries(dir, names);
const install = (args: string[], env: Record<string, string>) =>
  runInstallScript(join(__dirname, 'install.sh'), args, env);

describe('tools/k8s/install.sh', () => {
  let home: string;
  const pinned = /^\s*k8s\.io\/kubernetes (v\S+)/m.exec(readFileSync(join(__dirname, 'go.mod'), 'utf8'))?.[1];

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'daca-k8s-install-'));
  });

  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('answers --help with its usage, and an unknown option or binary with the usage and an error', () => {
    expect(install(['--help'], { HOME: home })).toMatchObject({ status: 0, stdout: expect.stringContaining('Usage:') });
    const option = install(['--fast'], { HOME: home });
    expect(option.status).toBe(1);
    expect(option.stderr).toMatch(/Usage:[\s\S]*error: unknown option --fast/);
    expect(install(['etcd'], { HOME: home }).stderr).toMatch(/error: unknown binary etcd/);
  });

  it('takes K8S_BIN_DIR first, and refuses one without the binaries asked for', () => {
    const dir = fakeBinDir(join(home, 'custom'));
    expect(install([], { HOME: home, K8S_BIN_DIR: dir })).toMatchObject({ status: 0, stdout: dir });
    const missing = install(['kubelet'], { HOME: home, K8S_BIN_DIR: dir });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`must hold executable kubelet; unset it to build Kubernetes ${pinned}`);
  });

  it('answers from its cache, keyed by the pinned version, go.mod and go.sum, without Go', () => {
    const recipe = cacheRecipe(['go.mod', 'go.sum'].map((file) => join(__dirname, file)));
    const cached = fakeBinDir(join(home, 'cache', `${pinned}-${recipe}`));
    writeFileSync(join(cached, '.complete'), '');

    const withoutGo = { PATH: '/usr/bin:/bin', HOME: home, DACA_K8S_CACHE: join(home, 'cache') };
    expect(install([], withoutGo)).toMatchObject({ status: 0, stdout: cached });
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildAppImages } from '../../tools/k8s/images/app-images';
import { buildBaseImage } from '../../tools/k8s/images/base-image';
import { buildah, defaultImageStore, inspectImage, runInImage } from '../../tools/k8s/images/buildah';
import { buildImageFromFiles } from '../../tools/k8s/images/files-image';
import { pushImages } from '../../tools/k8s/images/push-images';
import { startRegistry } from '../../tools/k8s/images/registry';
import { buildSupportImages } from '../../tools/k8s/images/support-images';

// Real builds with buildah into the image store of this machine (~/.cache/daca-nest/images): cold, the
// Debian and Node.js base images and an app image take 10-20 minutes on two cores; warm, seconds.
const store = defaultImageStore();
const BUILD_TIMEOUT_MS = 40 * 60_000;

interface Manifest {
  config: { digest: string };
  layers: { digest: string; mediaType: string }[];
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const sha256 = (data: Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** Runs `command` in a fresh container of `ref` and resolves with its exit status and output. */
async function runImage(ref: string, command: string[]): Promise<{ ok: boolean; output: string }> {
  const { status, output } = await runInImage(store, ref, command);
  return { ok: status === 0, output };
}

/** The text of a file of image `ref`, read from a container's root filesystem. */
async function readImageFile(ref: string, path: string): Promise<string> {
  const container = await buildah(store, ['from', '--pull-never', ref]);
  try {
    return readFileSync(join(await buildah(store, ['mount', container]), path), 'utf8');
  } finally {
    await buildah(store, ['rm', container]);
  }
}

describe('the cluster images (buildah, no Docker daemon)', () => {
  it('serves a pushed image back from the local registry over the HTTP API v2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'daca-images-e2e-'));
    const registry = await startRegistry({ host: '127.0.0.1' });
    const tag = randomBytes(4).toString('hex');
    const ref = `localhost/daca-nest/registry-probe:${tag}`;
    try {
      const content = randomBytes(64).toString('hex');
      writeFileSync(join(dir, 'probe'), content);
      await buildImageFromFiles(store, {
        ref,
        files: [{ source: join(dir, 'probe'), target: '/probe' }],
        entrypoint: ['/probe'],
      });

      const [pushed] = await pushImages(store, [ref], registry.address, () => undefined);
      expect(pushed).toBe(`${registry.address}/daca-nest/registry-probe:${tag}`);

      const base = `http://${registry.address}/v2/daca-nest/registry-probe`;
      const response = await fetch(`${base}/manifests/${tag}`, { headers: { accept: MANIFEST_TYPES } });
      expect(response.status).toBe(200);
      const body = Buffer.from(await response.arrayBuffer());
      expect(response.headers.get('docker-content-digest')).toBe(sha256(body));
      const manifest = JSON.parse(body.toString()) as Manifest;

      const config = Buffer.from(await (await fetch(`${base}/blobs/${manifest.config.digest}`)).arrayBuffer());
      expect(sha256(config)).toBe(manifest.config.digest);
      expect(JSON.parse(config.toString())).toMatchObject({ config: { Entrypoint: ['/probe'] } });

      expect(manifest.layers).toHaveLength(1);
      const layer = Buffer.from(await (await fetch(`${base}/blobs/${manifest.layers[0]?.digest}`)).arrayBuffer());
      expect(sha256(layer)).toBe(manifest.layers[0]?.digest);
      const tar = manifest.layers[0]?.mediaType.endsWith('gzip') ? gunzipSync(layer) : layer;
      expect(tar.toString('latin1')).toContain(content);
    } finally {
      await buildah(store, ['rmi', ref]).catch(() => undefined);
      await registry.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    const stopped = await fetch(`http://${registry.address}/v2/`).then(
      () => 'answering',
      () => 'stopped',
    );
    expect(stopped).toBe('stopped');
  });

  it(
    "builds an app image from the project's Dockerfile that runs node as user 1000",
    async () => {
      const [ref] = await buildAppImages(store, { tag: 'e2e', apps: ['callee'] }, () => undefined);
      expect(ref).toBe('docker.io/daca-nest/callee:e2e');
      const image = await inspectImage(store, ref);
      expect(image?.config).toMatchObject({ User: 'node', WorkingDir: '/app', Cmd: ['node', 'dist/main.js'] });
      expect(await readImageFile(ref, 'etc/passwd')).toMatch(/^node:x:1000:1000:/m);

      const files = await runImage(ref, ['sh', '-c', 'id -u; ls dist node_modules/@nestjs components']);
      expect(files.ok).toBe(true);
      expect(files.output.split('\n')[0]).toBe('1000');
      for (const file of ['main.js', 'core', 'resiliency.yaml']) expect(files.output.split('\n')).toContain(file);

      // Without its environment the app stops with its own configuration error, not a missing module.
      const started = await runImage(ref, ['node', 'dist/main.js']);
      expect(started.ok).toBe(false);
      expect(started.output).toContain('Invalid');
      expect(started.output).toContain('APP_PORT');
      expect(started.output).not.toMatch(/Cannot find module|MODULE_NOT_FOUND/);
    },
    BUILD_TIMEOUT_MS,
  );

  it(
    'reuses the base image while its recipe is unchanged',
    async () => {
      const first = await buildBaseImage(store, () => undefined);
      const before = await inspectImage(store, first);
      const lines: string[] = [];
      const started = Date.now();
      const again = await buildBaseImage(store, (line) => lines.push(line));
      expect(again).toBe(first);
      expect((await inspectImage(store, again))?.id).toBe(before?.id);
      expect(lines.filter((line) => line.includes('is up to date'))).toHaveLength(2);
      expect(lines.some((line) => line.startsWith('building'))).toBe(false);
      expect(Date.now() - started).toBeLessThan(30_000);
    },
    BUILD_TIMEOUT_MS,
  );

  it(
    'builds Redis and Jaeger images whose programs run',
    async () => {
      const refs = await buildSupportImages(store, () => undefined);
      expect(refs).toEqual([
        expect.stringMatching(/^localhost\/daca-nest\/redis:7\./),
        expect.stringMatching(/^localhost\/daca-nest\/jaeger:v/),
      ]);
      const [redis, jaeger] = refs as [string, string];
      expect(await runImage(redis, ['redis-server', '--version'])).toMatchObject({
        ok: true,
        output: expect.stringMatching(/v=7\./) as unknown,
      });
      expect(await runImage(redis, ['redis-cli', '--version'])).toMatchObject({ ok: true });
      expect(await runImage(jaeger, ['/jaeger', 'version'])).toMatchObject({ ok: true });
      for (const ref of refs) expect((await inspectImage(store, ref))?.config.User).toMatch(/^\d+:\d+$/);
    },
    BUILD_TIMEOUT_MS,
  );
});

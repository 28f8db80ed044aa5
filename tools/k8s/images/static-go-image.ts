import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { ImageStore } from './buildah';
import { buildImageFromFiles } from './files-image';

/** An image whose one file is a static Go program of this repository. */
export interface StaticGoImageSpec {
  readonly ref: string;
  /** The program's one source file (package main, standard library only). */
  readonly source: string;
}

/** Builds the program (CGO off, so static) and an image of it alone, its entrypoint, tagged `spec.ref`. */
export async function buildStaticGoImage(store: ImageStore, { ref, source }: StaticGoImageSpec): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'daca-go-image-'));
  try {
    const binary = join(workDir, 'program');
    await new Promise<void>((resolve, reject) =>
      execFile(
        'go',
        ['build', '-trimpath', '-ldflags=-s -w', '-o', binary, basename(source)],
        { cwd: dirname(source), env: { ...process.env, CGO_ENABLED: '0' } },
        (error, _stdout, stderr) =>
          error
            ? reject(new Error(`go build of ${source} failed: ${stderr.trim() || error.message}; is Go installed?`))
            : resolve(),
      ),
    );
    await buildImageFromFiles(store, {
      ref,
      files: [{ source: binary, target: '/program' }],
      entrypoint: ['/program'],
    });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

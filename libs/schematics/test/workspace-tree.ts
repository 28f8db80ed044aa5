import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HostTree, type Tree } from '@angular-devkit/schematics';
import { SchematicTestRunner } from '@angular-devkit/schematics/testing';

const ROOT_DIR = resolve(__dirname, '../../..');

/** The files of this repository the generators read or edit, as they are now. */
export const WORKSPACE_FILES = [
  'README.md',
  'components/resiliency.yaml',
  'dapr.yaml',
  'deploy/prometheus/prometheus.yml',
  'docker-compose.yml',
  'k8s/base/apps/callee.yaml',
  'k8s/base/dapr/resiliency.yaml',
  'k8s/base/kustomization.yaml',
  'k8s/overlays/prod/kustomization.yaml',
  'nest-cli.json',
  'package.json',
  'tools/stack/fixed-ports.json',
  'apps/callee/src/app.module.ts',
];

/** A tree holding WORKSPACE_FILES of this repository. */
export function workspaceTree(): Tree {
  const tree = new HostTree();
  for (const file of WORKSPACE_FILES) tree.create(file, readFileSync(join(ROOT_DIR, file), 'utf8'));
  return tree;
}

/** The runner of the collection's sources (src/collection.json), as the Nest CLI runs the built one. */
export const runner = new SchematicTestRunner('@daca/schematics', join(__dirname, '../src/collection.json'));

/** One run of insertions: `lines` put after line `after` (1-based) of the original text. */
export interface Insertion {
  after: number;
  lines: string[];
}

/**
 * What an edit inserted into `before` to make `after`; fails when it changed or removed a line, so
 * that a test of the insertions checks the whole file.
 */
export function insertions(before: string, after: string): Insertion[] {
  const old = before.split('\n');
  const next = after.split('\n');
  const found: Insertion[] = [];
  let i = 0;
  for (const line of next) {
    if (i < old.length && line === old[i]) {
      i += 1;
      continue;
    }
    const last = found[found.length - 1];
    if (last?.after === i) last.lines.push(line);
    else found.push({ after: i, lines: [line] });
  }
  if (i !== old.length) throw new Error(`the edit changed or removed line ${i + 1}: '${old[i]}'`);
  return found;
}

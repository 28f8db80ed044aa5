import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The checks every response must pass: no 5xx, a documented status, content type, headers and body,
 * and data that breaks the schema refused with a 4xx. (unsupported_method is left out: Fastify answers
 * an undocumented method 404, not 405.)
 */
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
];

export interface SchemathesisRun {
  exitCode: number;
  operations: number;
  cases: number;
  failures: number;
  output: string;
}

/**
 * `schemathesis run` against an app's /docs-json, with a fixed seed and a bounded number of examples
 * per operation, with one worker (hypothesis 6.170 failed now and then with two: "AST constructor
 * recursion depth mismatch"), from a scratch directory (schemathesis would write its example database in the
 * current one otherwise); the figures are read from its summary.
 */
export async function runSchemathesis(venv: string, appUrl: string, maxExamples: number): Promise<SchemathesisRun> {
  const scratch = mkdtempSync(join(tmpdir(), 'schemathesis-'));
  const args = [
    'run',
    `${appUrl}/docs-json`,
    `--checks=${CHECKS.join(',')}`,
    `--max-examples=${maxExamples}`,
    '--seed=20261126',
    '--generation-database=none',
    '--no-color',
  ];
  try {
    const { exitCode, output } = await promisify(execFile)(join(venv, 'bin/schemathesis'), args, {
      cwd: scratch,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1' },
    }).then(
      ({ stdout }) => ({ exitCode: 0, output: stdout }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        exitCode: error.code ?? -1,
        output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      }),
    );
    return {
      exitCode,
      operations: Number(/Tested: (\d+)/.exec(output)?.[1] ?? 0),
      cases: Number(/(\d+) generated/.exec(output)?.[1] ?? 0),
      failures: Number(/(\d+) found (\d+) unique failures?/.exec(output)?.[2] ?? 0),
      output,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT_DIR, type E2eStack } from '../support/e2e-stack';

/** Runs the caller's one-shot mode (`main.js --once <name>`) against the stack's caller sidecar. */
export function greetOnce(e2e: E2eStack, name: string): { status: number | null; stdout: string; stderr: string } {
  const caller = e2e.definition.apps.find((app) => app.appId === 'caller-app')!;
  const run = spawnSync('node', [join(ROOT_DIR, 'dist/apps/caller/main.js'), '--once', name], {
    env: {
      PATH: process.env.PATH,
      APP_ID: 'caller-app',
      DAPR_HTTP_PORT: String(caller.daprHttpPort),
      DAPR_API_TOKEN: e2e.tokens.DAPR_API_TOKEN,
      DAPR_RESOURCES_PATH: e2e.definition.resourcesPath,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT_DIR, startE2eStack, type E2eStack } from '../support/e2e-stack';
import { concretePath, fetchOpenApi, operationsOf, type OpenApiDocument } from './openapi-document';
import { runSchemathesis } from './schemathesis';

const APPS = ['chat-agent', 'callee-app', 'caller-app'];
// Per operation: with the coverage and stateful phases, a few hundred requests per app, ~20 s each.
const MAX_EXAMPLES = 15;

/** The lines of schemathesis' report from its first failure on, each cut short: enough to see what failed. */
const failureReport = (output: string): string =>
  output
    .slice(Math.max(0, output.indexOf('FAILURES')))
    .split('\n')
    .map((line) => line.slice(0, 240))
    .join('\n')
    .slice(0, 12_000);

describe('OpenAPI: every app documents its routes at /docs-json, and lives up to the document', () => {
  let e2e: E2eStack;
  const documents = new Map<string, OpenApiDocument>();

  beforeAll(async () => {
    e2e = await startE2eStack();
    for (const appId of APPS) documents.set(appId, await fetchOpenApi(e2e.app(appId).url));
  });

  afterAll(() => e2e?.stop());

  it.each(APPS)('%s serves Swagger UI at /docs and an OpenAPI 3 document at /docs-json', async (appId) => {
    const ui = await fetch(`${e2e.app(appId).url}/docs`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await ui.text()).toContain('swagger-ui');
    const document = documents.get(appId)!;
    expect(document).toMatchObject({ openapi: expect.stringMatching(/^3\./), info: { title: appId } });
    expect(document.components.schemas).toHaveProperty('ErrorAnswer');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready', '/metrics']));
  });

  it('documents the public routes of each app, and none of the routes only daprd may call', () => {
    const paths = (appId: string) => Object.keys(documents.get(appId)!.paths);
    expect(paths('chat-agent')).toEqual(
      expect.arrayContaining([
        '/chat/{actorId}',
        '/chat/{actorId}/history',
        '/chat/{actorId}/analyze',
        '/faults/{kind}',
      ]),
    );
    expect(paths('callee-app')).toContain('/greet/{name}');
    expect(paths('caller-app')).toEqual(
      expect.arrayContaining(['/call-greet/{name}', '/call-chat/{actorId}', '/call-greet/{name}/jobs', '/jobs/{id}']),
    );
    for (const appId of APPS) expect(paths(appId).filter((path) => /^\/(actors|dapr)\//.test(path))).toEqual([]);
  });

  it.each(APPS)('%s has every route its document lists: none answers 404 from the router', async (appId) => {
    const document = documents.get(appId)!;
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(3);
    const unrouted: string[] = [];
    for (const [method, path] of operations) {
      const response = await fetch(`${e2e.app(appId).url}${concretePath(document, method, path)}`, {
        method,
        ...(document.paths[path][method.toLowerCase()].requestBody !== undefined && {
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }),
      });
      const body = await response.text();
      // The router's 404 is "Cannot GET /path"; a route's own 404 (no such job) says what it looked for.
      if (response.status === 404 && body.includes(`Cannot ${method}`)) unrouted.push(`${method} ${path}`);
    }
    expect(unrouted).toEqual([]);
  });

  it('schemathesis finds no 5xx and no answer that breaks the documents, on every operation of the three apps', async () => {
    const venv = execFileSync('bash', [join(ROOT_DIR, 'tools/python/install.sh')], { encoding: 'utf8' }).trim();
    const runs = await Promise.all(APPS.map((appId) => runSchemathesis(venv, e2e.app(appId).url, MAX_EXAMPLES)));
    const figures = APPS.map(
      (appId, index) =>
        `${appId}: ${runs[index].operations} operations, ${runs[index].cases} cases, ${runs[index].failures} failures`,
    );
    process.stdout.write(`schemathesis (${MAX_EXAMPLES} examples per operation): ${figures.join('; ')}\n`);
    for (const [index, run] of runs.entries()) {
      if (run.exitCode !== 0) {
        throw new Error(
          `schemathesis against ${APPS[index]} exited ${run.exitCode} (${figures[index]}); run 'npm run build && ` +
            `npx jest --selectProjects e2e test/openapi' to reproduce:\n${failureReport(run.output)}`,
        );
      }
      expect(run.operations).toBe(operationsOf(documents.get(APPS[index])!).length);
      expect(run.cases).toBeGreaterThan(run.operations);
    }
  });
});

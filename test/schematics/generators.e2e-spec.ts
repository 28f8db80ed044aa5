import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStackDefinition, portsOf } from '../../tools/stack/stack-definition';
import { kustomizeBuild, resources, validateKubernetes } from '../deploy/support/deploy-tools';
import { runAnswering } from '../support/answer-prompt';
import { copyRepository } from '../support/copy-repository';
import { ROOT_DIR, startE2eStack, type E2eApp, type E2eStack } from '../support/e2e-stack';
import { eventually } from '../support/eventually';

const SERVICE = 'inventory';
const ACTOR_TYPE = 'Stock';

/** Runs a command in `cwd` to its end; its failure says what it printed. */
function run(cwd: string, command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

describe('a service and an actor generated with `nest g -c @daca/schematics` in a copy of the repository', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'daca-generated-'));
  const timings: string[] = [];
  let generated: string[];
  let e2e: E2eStack | undefined;
  let app: E2eApp;

  const timed = async <T>(step: string, work: () => T | Promise<T>): Promise<T> => {
    const startedAt = performance.now();
    const result = await work();
    timings.push(`${step} ${((performance.now() - startedAt) / 1_000).toFixed(1)} s`);
    return result;
  };

  const callActor = async (actorId: string, method: string): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${app.sidecarUrl}/v1.0/actors/${ACTOR_TYPE}/${actorId}/method/${method}`, {
      method: 'PUT',
      headers: app.sidecarHeaders,
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };

  beforeAll(async () => {
    await timed('build the collection', () => run(ROOT_DIR, 'npm', ['run', 'build:schematics']));
    await timed('copy', () => copyRepository(workspace));
    run(workspace, 'git', ['init', '--quiet']);
    run(workspace, 'git', ['add', '--all']);
    run(workspace, 'git', [
      '-c',
      'user.name=test',
      '-c',
      'user.email=test@localhost',
      'commit',
      '--quiet',
      '-m',
      'copy',
    ]);
    // The Nest CLI asks which project to generate into for every schematic but its own app and library;
    // the service is a project of its own, so any answer does (Enter takes the default).
    await timed('service', () =>
      runAnswering(
        workspace,
        'npx',
        ['nest', 'g', '-c', '@daca/schematics', 'service', SERVICE],
        'Which project',
        '\r',
      ),
    );
    await timed('actor', () =>
      run(workspace, 'npx', ['nest', 'g', '-c', '@daca/schematics', 'actor', ACTOR_TYPE, '--project', SERVICE]),
    );
    generated = run(workspace, 'git', ['status', '--porcelain', '--untracked-files=all'])
      .trimEnd()
      .split('\n')
      .map((line) => line.slice(3));
    // `npm run build` runs `nest build` for each app of package.json's build script, to which the service
    // generator appended this one (its spec checks that); the others are unchanged, so only this one is built.
    await timed('nest build', () => run(workspace, 'npx', ['nest', 'build', SERVICE]));
    e2e = await timed('start', () => startE2eStack({ rootDir: workspace, apps: [SERVICE] }));
    app = e2e.app(SERVICE);
  });

  afterAll(async () => {
    process.stderr.write(`generated service: ${timings.join(', ')}\n`);
    await e2e?.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('writes the service, its actor and their deploy entries, formatted as Prettier formats them', () => {
    expect(generated.sort()).toEqual(
      [
        'README.md',
        'apps/inventory/src/app.module.ts',
        'apps/inventory/src/main.ts',
        'apps/inventory/src/stock/stock.actor.spec.ts',
        'apps/inventory/src/stock/stock.actor.ts',
        'apps/inventory/src/stock/stock.contract.ts',
        'apps/inventory/tsconfig.app.json',
        'components/resiliency.yaml',
        'dapr.yaml',
        'deploy/prometheus/prometheus.yml',
        'docker-compose.yml',
        'k8s/base/apps/inventory.yaml',
        'k8s/base/dapr/resiliency.yaml',
        'k8s/base/kustomization.yaml',
        'k8s/overlays/prod/kustomization.yaml',
        'nest-cli.json',
        'package.json',
      ].sort(),
    );
    run(workspace, 'npx', ['prettier', '--check', ...generated]);
  });

  it('gives the new service ports no other process of the stack has', () => {
    const stack = loadStackDefinition(workspace);
    const ports = portsOf(stack).map(({ port }) => port);
    expect(new Set(ports).size).toBe(ports.length);
    expect(stack.apps.map((candidate) => candidate.appId)).toContain(SERVICE);
  });

  it('passes the unit spec written for the actor, on the in-memory sidecar', () => {
    const { status, stderr } = spawnSync('npx', ['jest', `apps/${SERVICE}`, '--selectProjects', 'unit', '--ci'], {
      cwd: workspace,
      encoding: 'utf8',
    });
    expect(stderr).toMatch(/Tests:\s+1 passed, 1 total/);
    expect(status).toBe(0);
  });

  it('comes up with its daprd: ready on its REST health endpoint, the actor answers through daprd', async () => {
    const ready = await fetch(`${app.url}/health/ready`);
    expect(ready.status).toBe(200);

    await eventually(
      'the first call of the actor (daprd places the actor type once the app is known)',
      () => callActor('s1', 'Record'),
      ({ status }) => status === 200,
    );
    await expect(callActor('s1', 'Record')).resolves.toEqual({ status: 200, body: { calls: 2 } });
    await expect(callActor('s2', 'Record')).resolves.toEqual({ status: 200, body: { calls: 1 } });
    await expect(callActor('s1', 'Get')).resolves.toEqual({ status: 200, body: { calls: 2 } });
  });

  it.each(['dev', 'prod'])('keeps k8s/overlays/%s valid, with the new Deployment in it', (overlay) => {
    const built = kustomizeBuild(join(workspace, 'k8s/overlays', overlay));
    const { status, output } = validateKubernetes(built);
    expect(output).not.toContain('ERROR');
    expect(status).toBe(0);
    const names = resources(built).map((resource) => `${resource.kind}/${resource.metadata.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        `Deployment/${SERVICE}`,
        `Service/${SERVICE}`,
        `PodDisruptionBudget/${SERVICE}`,
        `HorizontalPodAutoscaler/${SERVICE}`,
      ]),
    );
  });
});

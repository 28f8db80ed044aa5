import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyRepository } from '../support/copy-repository';

interface Graph {
  graph: {
    nodes: Record<string, { data: { root: string; targets: Record<string, { options: { command: string } }> } }>;
    dependencies: Record<string, { target: string }[]>;
  };
}

// No Nx Cloud, no daemon left running after the test, no terminal UI in the output.
const NX_ENV = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' };

describe('the workspace under Nx (nx.json, tools/nx/nest-cli-projects.js)', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'daca-nx-'));
  const nx = (...args: string[]): string => {
    try {
      return execFileSync('npx', ['nx', ...args], { cwd: workspace, env: NX_ENV, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`nx ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
    }
  };
  let nestProjects: string[];

  beforeAll(() => {
    copyRepository(workspace);
    // A project the Nest CLI adds, as a user would: Nx must see it without an edit of its own.
    execFileSync('npx', ['nest', 'generate', 'app', 'inventory'], { cwd: workspace, stdio: 'pipe' });
    nestProjects = Object.keys(
      (JSON.parse(readFileSync(join(workspace, 'nest-cli.json'), 'utf8')) as { projects: object }).projects,
    );
  });

  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  it("has nest-cli.json's projects and the packages of libs/, with a build target for each app and package", () => {
    const projects = JSON.parse(nx('show', 'projects', '--json')) as string[];
    expect(projects.sort()).toEqual([...nestProjects, '@daca/schematics'].sort());
    const buildable = JSON.parse(nx('show', 'projects', '--with-target', 'build', '--json')) as string[];
    expect(buildable.sort()).toEqual(['@daca/schematics', 'callee', 'caller', 'chat-agent', 'dapr', 'inventory']);
  });

  it('draws the graph with the dependencies of the imports (nx graph --file)', () => {
    nx('graph', `--file=${join(workspace, 'graph.json')}`);
    const { graph } = JSON.parse(readFileSync(join(workspace, 'graph.json'), 'utf8')) as Graph;
    const dependencies = (project: string) => graph.dependencies[project].map(({ target }) => target).sort();
    expect(dependencies('callee')).toEqual(['config', 'dapr', 'dapr-config', 'greeting', 'metrics', 'service']);
    expect(dependencies('chat-agent')).toEqual(expect.arrayContaining(['dapr', 'dapr-config', 'service']));
    expect(dependencies('dapr')).toEqual([]);
    expect(graph.nodes.inventory.data.targets.build.options.command).toBe('nest build inventory');
  });

  it('builds an app of each kind with run-many -t build: a Nest app, a tsc package, the schematics collection', () => {
    nx('run-many', '-t', 'build', '-p', 'inventory,dapr,@daca/schematics');
    for (const output of [
      'dist/apps/inventory/main.js',
      'libs/dapr/dist/index.js',
      'libs/schematics/dist/collection.json',
    ]) {
      expect(existsSync(join(workspace, output))).toBe(true);
    }
  });
});

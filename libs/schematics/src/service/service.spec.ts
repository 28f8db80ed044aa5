import type { Tree } from '@angular-devkit/schematics';
import type { UnitTestTree } from '@angular-devkit/schematics/testing';
import { parse, parseAllDocuments } from 'yaml';
import { insertions, runner, WORKSPACE_FILES, workspaceTree } from '../../test/workspace-tree';

/** The 1-based number of the `occurrence`th line of `text` equal to `line`. */
function lineOf(text: string, line: string, occurrence = 1): number {
  const numbers = text.split('\n').flatMap((candidate, index) => (candidate === line ? [index + 1] : []));
  if (numbers.length < occurrence) throw new Error(`'${line}' is not ${occurrence} times in the text`);
  return numbers[occurrence - 1];
}

describe('service schematic', () => {
  let before: Tree;
  let tree: UnitTestTree;
  const read = (file: string): string => tree.readText(file);
  const inserted = (file: string) => insertions(before.readText(file), read(file));

  beforeAll(async () => {
    before = workspaceTree();
    tree = await runner.runSchematic('service', { name: 'inventory' }, workspaceTree());
  });

  it('writes the app and its Kubernetes resources, and edits only the files the service is part of', () => {
    const created = tree.files.filter((file) => !before.exists(file)).sort();
    expect(created).toEqual([
      '/apps/inventory/src/app.module.ts',
      '/apps/inventory/src/main.ts',
      '/apps/inventory/tsconfig.app.json',
      '/k8s/base/apps/inventory.yaml',
    ]);
    const edited = WORKSPACE_FILES.filter((file) => read(file) !== before.readText(file)).sort();
    expect(edited).toEqual([
      'README.md',
      'components/resiliency.yaml',
      'dapr.yaml',
      'deploy/prometheus/prometheus.yml',
      'docker-compose.yml',
      'k8s/base/dapr/resiliency.yaml',
      'k8s/base/kustomization.yaml',
      'k8s/overlays/prod/kustomization.yaml',
      'nest-cli.json',
      'package.json',
    ]);
  });

  it('puts it in the scopes of the Resiliency resource, whose retry policies its actors load', () => {
    for (const file of ['components/resiliency.yaml', 'k8s/base/dapr/resiliency.yaml']) {
      const resiliency = before.readText(file);
      expect(inserted(file)).toEqual([{ after: lineOf(resiliency, '  - chat-agent'), lines: ['  - inventory'] }]);
    }
  });

  it('wires the app as callee is wired: ServiceModule, DaprModule from the environment, checked config, tracing', () => {
    expect(read('apps/inventory/src/main.ts')).toBe(
      [
        "import '@daca/service/tracing/register';",
        "import { checkEnvironment, serviceConfig, shutdownConfig } from '@daca/config';",
        "import { actorsConfig, daprConfig } from '@daca/dapr-config';",
        "import { bootstrapService } from '@daca/service';",
        "import { AppModule } from './app.module';",
        '',
        'checkEnvironment(serviceConfig, shutdownConfig, daprConfig, actorsConfig);',
        'void bootstrapService(AppModule);',
        '',
      ].join('\n'),
    );
    expect(read('apps/inventory/src/app.module.ts')).toContain(
      'imports: [ServiceModule, DaprModule.forRootAsync(daprFromEnvironment({ actors: true }))],',
    );
    expect(JSON.parse(read('apps/inventory/tsconfig.app.json'))).toEqual({
      extends: '../../tsconfig.json',
      compilerOptions: { declaration: false, outDir: '../../dist/apps/inventory' },
      include: ['src/**/*'],
      exclude: ['node_modules', 'dist', 'test', '**/*spec.ts'],
    });
  });

  it("adds it to dapr.yaml on the next free port of each series, past the control plane's and the tools'", () => {
    const dapr = before.readText('dapr.yaml');
    expect(inserted('dapr.yaml')).toEqual([
      {
        after: lineOf(dapr, "    command: ['node', 'dist/apps/caller/main.js']"),
        lines: [
          '  - appID: inventory',
          '    appDirPath: .',
          '    appPort: 8003',
          '    daprHTTPPort: 3503',
          '    daprGRPCPort: 50004',
          '    daprInternalGRPCPort: 50014',
          // 9093 and 9094: placement and scheduler; 9095: Prometheus (compose); 9096: sentry.
          '    metricsPort: 9097',
          "    command: ['node', 'dist/apps/inventory/main.js']",
        ],
      },
    ]);
  });

  it('makes it a Nest project that `npm run build` builds', () => {
    const { projects } = JSON.parse(read('nest-cli.json')) as { projects: Record<string, unknown> };
    expect(Object.keys(projects).slice(0, 4)).toEqual(['chat-agent', 'callee', 'caller', 'inventory']);
    expect(projects.inventory).toEqual({
      type: 'application',
      root: 'apps/inventory',
      entryFile: 'main',
      sourceRoot: 'apps/inventory/src',
      compilerOptions: { tsConfigPath: 'apps/inventory/tsconfig.app.json' },
    });
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    const { scripts: old } = JSON.parse(before.readText('package.json')) as { scripts: Record<string, string> };
    expect(scripts).toEqual({ ...old, build: `${old.build} && nest build inventory` });
  });

  it("gives it callee's Kubernetes resources under its own name, image and ports, in the base and prod's images", () => {
    const rename = (text: string) =>
      text
        .replaceAll('callee-app', 'inventory')
        .replaceAll('daca-nest/callee', 'daca-nest/inventory')
        .replaceAll('8001', '8003')
        .replaceAll('9091', '9097');
    const resources = (text: string) => parseAllDocuments(text).map((doc) => doc.toJS() as unknown);
    expect(resources(read('k8s/base/apps/inventory.yaml'))).toEqual(
      resources(rename(before.readText('k8s/base/apps/callee.yaml'))),
    );

    const base = before.readText('k8s/base/kustomization.yaml');
    expect(inserted('k8s/base/kustomization.yaml')).toEqual([
      { after: lineOf(base, '  - apps/caller.yaml'), lines: ['  - apps/inventory.yaml'] },
    ]);
    const prod = before.readText('k8s/overlays/prod/kustomization.yaml');
    expect(inserted('k8s/overlays/prod/kustomization.yaml')).toEqual([
      {
        after: lineOf(
          prod,
          '  - { name: daca-nest/caller, newName: registry.example.com/daca-nest/caller, newTag: 0.1.0 }',
        ),
        lines: ['  - { name: daca-nest/inventory, newName: registry.example.com/daca-nest/inventory, newTag: 0.1.0 }'],
      },
    ]);
  });

  it('runs it with its daprd in docker-compose.yml, published on its ports, with the flags of dapr.yaml', () => {
    const compose = before.readText('docker-compose.yml');
    const [appPort, sidecarPort, services] = inserted('docker-compose.yml');
    expect(appPort).toEqual({
      after: lineOf(compose, "      - '8002:8002' # caller-app"),
      lines: ["      - '8003:8003' # inventory"],
    });
    expect(sidecarPort).toEqual({
      after: lineOf(compose, "      - '3502:3502' # caller-app daprd HTTP"),
      lines: ["      - '3503:3503' # inventory daprd HTTP"],
    });
    // After caller-app-daprd's last line and the blank line that follows it.
    expect(services.after).toBe(lineOf(compose, '      - *sentry', 4) + 1);

    const parsed = parse(read('docker-compose.yml'), { merge: true }) as {
      services: Record<string, { command?: string[]; environment?: Record<string, string>; build?: unknown }>;
    };
    const old = parse(compose, { merge: true }) as typeof parsed;
    expect(parsed.services.inventory).toEqual({
      ...old.services['caller-app'],
      build: { context: '.', args: { APP: 'inventory' } },
      image: 'daca-nest/inventory:dev',
      environment: {
        ...old.services['caller-app'].environment,
        APP_ID: 'inventory',
        APP_PORT: '8003',
        DAPR_HTTP_PORT: '3503',
        DAPR_GRPC_PORT: '50004',
      },
    });
    expect(parsed.services['inventory-daprd']).toEqual({
      ...old.services['caller-app-daprd'],
      command: old.services['caller-app-daprd'].command?.map((arg) =>
        arg
          .replace('caller-app', 'inventory')
          .replace('8002', '8003')
          .replace('3502', '3503')
          .replace('50003', '50004')
          .replace('50013', '50014')
          .replace('9092', '9097'),
      ),
    });
  });

  it('has Prometheus scrape the app and its daprd, and lists its ports in the README', () => {
    const prometheus = before.readText('deploy/prometheus/prometheus.yml');
    const caller = '        labels: { app: caller-app }';
    expect(inserted('deploy/prometheus/prometheus.yml')).toEqual([
      {
        after: lineOf(prometheus, caller),
        lines: ["      - targets: ['localhost:8003']", '        labels: { app: inventory }'],
      },
      {
        after: lineOf(prometheus, caller, 2),
        lines: ["      - targets: ['localhost:9097']", '        labels: { app: inventory }'],
      },
    ]);
    const readme = before.readText('README.md');
    const [row] = inserted('README.md');
    expect(row.after).toBe(readme.split('\n').findIndex((line) => line.startsWith('| caller ')) + 1);
    expect(row.lines).toHaveLength(1);
    expect(row.lines[0].split('|').map((cell) => cell.trim())).toEqual([
      '',
      'inventory',
      '`inventory`',
      '8003',
      '3503',
      '50004 (50014)',
      '9097',
      '',
    ]);
  });

  it('takes the Dapr app id of --app-id', async () => {
    const withId = await runner.runSchematic('service', { name: 'billing', appId: 'billing-app' }, workspaceTree());
    expect(withId.readText('dapr.yaml')).toContain('  - appID: billing-app\n');
    expect(withId.readText('docker-compose.yml')).toContain('  billing-app-daprd:\n');
    expect(withId.readText('k8s/base/apps/billing.yaml')).toContain('image: daca-nest/billing:dev\n');
  });

  it('numbers a second service after the first', async () => {
    const twice = await runner.runSchematic('service', { name: 'billing' }, tree);
    const apps = (parse(twice.readText('dapr.yaml')) as { apps: Record<string, unknown>[] }).apps;
    expect(apps[apps.length - 1]).toMatchObject({
      appID: 'billing',
      appPort: 8004,
      daprHTTPPort: 3504,
      daprGRPCPort: 50008, // 50005 placement, 50006 scheduler, 50007 sentry
      daprInternalGRPCPort: 50015,
      metricsPort: 9098,
    });
  });

  it.each([
    [{ name: 'callee' }, "project 'callee' already exists (nest-cli.json, apps/callee): choose another name"],
    [
      { name: 'greeter', appId: 'caller-app' },
      "app id 'caller-app' is already in dapr.yaml: give another with --app-id",
    ],
    [{ name: 'Inventory' }, 'must match pattern'],
    [{ name: 'inventory', replicas: 2 }, 'Unknown option "replicas"'],
  ])('refuses %j with a reason', async (options, reason) => {
    await expect(runner.runSchematic('service', options, workspaceTree())).rejects.toThrow(reason);
  });

  it('says which file is missing outside a daca-nest workspace', async () => {
    const empty = workspaceTree();
    empty.delete('dapr.yaml');
    await expect(runner.runSchematic('service', { name: 'inventory' }, empty)).rejects.toThrow(
      'dapr.yaml is missing: run the generator from the root of a daca-nest workspace',
    );
  });
});

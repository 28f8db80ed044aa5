import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAnswering } from '../support/answer-prompt';
import { ROOT_DIR } from '../support/e2e-stack';

const NOT_COPIED = ['node_modules', 'dist', '.data', '.git'];

function run(cwd: string, command: string, args: string[]): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

describe('a workspace grown with the Nest CLI', () => {
  let workspace: string;

  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'daca-workspace-'));
    cpSync(ROOT_DIR, workspace, {
      recursive: true,
      filter: (source) => !NOT_COPIED.some((name) => source === join(ROOT_DIR, name)),
    });
    symlinkSync(join(ROOT_DIR, 'node_modules'), join(workspace, 'node_modules'));
    run(workspace, 'npx', ['nest', 'generate', 'app', 'inventory']);
    // The library schematic asks for an import prefix; the Enter key accepts nest-cli.json's defaultLibraryPrefix.
    await runAnswering(workspace, 'npx', ['nest', 'generate', 'library', 'pricing'], 'What prefix', '\r');
    // The new app uses the new library through its path alias, as a user's code would.
    appendFileSync(
      join(workspace, 'apps/inventory/src/main.ts'),
      "import { PricingService } from '@daca/pricing';\nconsole.log(`uses ${PricingService.name}`);\n",
    );
    writeFileSync(
      join(workspace, 'apps/inventory/src/pricing.spec.ts'),
      [
        "import { PricingService } from '@daca/pricing';",
        "import { InventoryService } from './inventory.service';",
        "it('resolves the new library by its alias', () => {",
        '  expect(new PricingService()).toBeInstanceOf(PricingService);',
        "  expect(new InventoryService().getHello()).toBe('Hello World!');",
        '});',
      ].join('\n'),
    );
  });

  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  it('builds the new app with `nest build`', () => {
    run(workspace, 'npx', ['nest', 'build', 'inventory']);
    const started = execFileSync(
      process.execPath,
      ['-e', "require('./dist/apps/inventory/main.js'); setTimeout(() => process.exit(0), 1500)"],
      { cwd: workspace, env: { ...process.env, port: '0' }, encoding: 'utf8' },
    );
    expect(started).toContain('uses PricingService');
  });

  it('finds and passes the specs of the new app and library without edits to the test setup', () => {
    const listed = run(workspace, 'npx', ['jest', '--selectProjects', 'unit', '--listTests']);
    expect(listed).toContain(join(workspace, 'apps/inventory/src/inventory.controller.spec.ts'));
    expect(listed).toContain(join(workspace, 'libs/pricing/src/pricing.service.spec.ts'));

    const output = spawnSync('npx', ['jest', 'apps/inventory', 'libs/pricing', '--selectProjects', 'unit'], {
      cwd: workspace,
      encoding: 'utf8',
    });
    expect(output.stderr).toMatch(/Tests:\s+3 passed, 3 total/);
  });
});

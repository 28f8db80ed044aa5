import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT_DIR } from '../support/e2e-stack';

// There is no Docker engine here: these check what the build relies on. `npm run build` comes first.
const dockerfile = readFileSync(join(ROOT_DIR, 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .filter((line) => line.trim() && !line.trim().startsWith('#'));
const stages = instructions.reduce<string[][]>((all, line) => {
  if (line.startsWith('FROM ')) all.push([]);
  all.at(-1)?.push(line);
  return all;
}, []);
const runtime = stages.at(-1) ?? [];
const packageJson = JSON.parse(readFileSync(join(ROOT_DIR, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

describe('Dockerfile', () => {
  it('builds in stages and copies into the image only files the build context has', () => {
    expect(stages.length).toBe(3);
    const sources = instructions
      .filter((line) => line.startsWith('COPY ') && !line.includes('--from='))
      .flatMap((line) =>
        line
          .split(/\s+/)
          .slice(1, -1)
          .filter((word) => !word.startsWith('--')),
      );
    expect(sources).toEqual(
      expect.arrayContaining(['package.json', 'package-lock.json', 'apps', 'libs', 'components']),
    );
    for (const source of sources)
      expect({ source, exists: existsSync(join(ROOT_DIR, source)) }).toEqual({ source, exists: true });
    const ignored = readFileSync(join(ROOT_DIR, '.dockerignore'), 'utf8');
    for (const source of sources) expect(ignored).toContain(`!${source}`);
  });

  it('runs as a non-root user, with production dependencies only and a healthcheck on /health/live', () => {
    expect(runtime).toContain('USER node');
    expect(instructions.join('\n')).toMatch(/npm ci --omit=dev/);
    expect(runtime.find((line) => line.startsWith('COPY --from=prod-deps'))).toContain(
      '/app/node_modules node_modules',
    );
    expect(runtime.find((line) => line.startsWith('HEALTHCHECK'))).toContain('/health/live');
    expect(runtime.find((line) => line.startsWith('CMD'))).toBe('CMD ["node", "dist/main.js"]');
  });

  it("runs the apps with the heap limits and malloc arenas of dapr.yaml's environment", () => {
    const env = runtime.find((line) => line.startsWith('ENV ')) ?? '';
    const { common } = parse(readFileSync(join(ROOT_DIR, 'dapr.yaml'), 'utf8')) as {
      common: { env: Record<string, string | number> };
    };
    for (const name of ['NODE_OPTIONS', 'MALLOC_ARENA_MAX']) {
      const value = new RegExp(`\\b${name}=("[^"]*"|\\S+)`).exec(env)?.[1]?.replace(/"/g, '');
      expect({ name, value }).toEqual({ name, value: String(common.env[name]) });
    }
  });

  it('ships bundles that need nothing but Node.js built-ins and production dependencies', () => {
    const apps = readdirSync(join(ROOT_DIR, 'dist/apps'));
    expect(apps.length).toBeGreaterThanOrEqual(3);
    for (const app of apps) {
      expect(readdirSync(join(ROOT_DIR, 'dist/apps', app))).toEqual(['main.js']);
      const bundle = readFileSync(join(ROOT_DIR, 'dist/apps', app, 'main.js'), 'utf8');
      const required = [...bundle.matchAll(/require\("([^"./][^"]*)"\)/g)].map(([, name]) => name);
      const packages = required
        .filter((name) => !name.startsWith('node:') && !builtinModules.includes(name))
        .map((name) =>
          name
            .split('/')
            .slice(0, name.startsWith('@') ? 2 : 1)
            .join('/'),
        );
      expect({ app, notProduction: packages.filter((name) => !(name in packageJson.dependencies)) }).toEqual({
        app,
        notProduction: [],
      });
    }
  });
});

import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT_DIR } from '../support/e2e-stack';

// What a Nest 12 app on Express needs beside @daca/dapr: its peer dependencies and the platform.
const DEPENDENCIES = [
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/microservices',
  '@nestjs/platform-express',
  '@nestjs/terminus',
  'class-transformer',
  'class-validator',
  'prom-client',
  'reflect-metadata',
  'rxjs',
];
const DEV_DEPENDENCIES = ['typescript', '@types/node'];

const TSCONFIG = {
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'ES2023',
    rootDir: 'src',
    outDir: 'dist',
    strict: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    skipLibCheck: true,
    types: ['node'],
  },
  include: ['src'],
};

/** The exact versions the monorepo runs, so that the app installs from the machine's npm cache. */
function exactVersions(names: string[]): Record<string, string> {
  const root = JSON.parse(readFileSync(join(ROOT_DIR, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  return Object.fromEntries(names.map((name) => [name, root.dependencies[name] ?? root.devDependencies[name]]));
}

// npm run from Jest hands its configuration down as npm_config_* variables: the app's npm must read its own.
function npmEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}

/** Runs a command to its end and returns its output; its failure says what it printed. */
function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, env: npmEnvironment(), encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** Builds @daca/dapr and packs it into `dir`, as it would be published; returns the tarball's path. */
export function packDapr(dir: string): string {
  run('npm', ['run', 'build:dapr'], ROOT_DIR);
  const packed = run('npm', ['pack', '--json', '--pack-destination', dir], join(ROOT_DIR, 'libs/dapr'));
  const [{ filename }] = JSON.parse(packed) as { filename: string }[];
  return join(dir, filename);
}

/**
 * Writes a fresh Nest app into `dir` (the sources of ./standalone-app, a package.json that depends on
 * `tarball`), installs it and compiles it with its own TypeScript: nothing of the monorepo is on its
 * paths.
 */
export function createStandaloneApp(dir: string, tarball: string): void {
  cpSync(join(__dirname, 'standalone-app'), dir, { recursive: true });
  const manifest = {
    name: 'visitors',
    version: '1.0.0',
    private: true,
    dependencies: { '@daca/dapr': `file:${tarball}`, ...exactVersions(DEPENDENCIES) },
    devDependencies: exactVersions(DEV_DEPENDENCIES),
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  run(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', dir], dir);
}

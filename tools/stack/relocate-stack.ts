import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { freePorts } from './ports';
import { secretsFileOf } from './secret-store';
import type { StackDefinition } from './stack-definition';

/**
 * The stack moved to free ports, with its own Redis, scheduler data, name-resolution and secrets files:
 * the components and configuration, which name the Redis port and those files, are rewritten into `dir`.
 * Lets a second stack (the e2e tests, `npm start -- --free-ports`) run beside one on the defaults.
 */
export async function relocateStack(
  definition: StackDefinition,
  dir: string,
  appIds: string[],
): Promise<StackDefinition> {
  const apps = definition.apps.filter((app) => appIds.includes(app.appId));
  const ports = await freePorts(17 + 5 * apps.length);
  const next = (): number => ports.shift() as number;
  const resourcesPath = join(dir, 'components');
  mkdirSync(resourcesPath);
  const redisPort = next();
  const rewrite = (text: string): string =>
    text
      .replaceAll(`localhost:${definition.redisPort}`, `127.0.0.1:${redisPort}`)
      .replaceAll('.data/nameresolution.db', join(dir, 'nameresolution.db'))
      .replaceAll('.data/secrets.json', join(dir, 'data', 'secrets.json'));
  for (const file of readdirSync(definition.resourcesPath)) {
    writeFileSync(join(resourcesPath, file), rewrite(readFileSync(join(definition.resourcesPath, file), 'utf8')));
  }
  const configFilePath = join(dir, basename(definition.configFilePath));
  writeFileSync(configFilePath, rewrite(readFileSync(definition.configFilePath, 'utf8')));
  return {
    ...definition,
    resourcesPath,
    configFilePath,
    redisPort,
    secretsFile: secretsFileOf(resourcesPath, definition.rootDir),
    placement: { port: next(), healthzPort: next(), metricsPort: next(), raftPort: next() },
    scheduler: { port: next(), healthzPort: next(), metricsPort: next(), etcdClientPort: next(), etcdPeerPort: next() },
    sentry: { port: next(), healthzPort: next(), metricsPort: next() },
    jaeger: { otlpGrpcPort: next(), otlpHttpPort: next(), queryPort: next(), queryGrpcPort: next() },
    apps: apps.map((app) => ({
      ...app,
      appPort: next(),
      daprHttpPort: next(),
      daprGrpcPort: next(),
      daprInternalGrpcPort: next(),
      metricsPort: next(),
    })),
  };
}

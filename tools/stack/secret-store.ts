import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';

/**
 * The secret that the Redis components' secretKeyRef names, alike in components/ and k8s/: a Secret
 * on Kubernetes, an entry of the secrets file here.
 */
export const REDIS_PASSWORD_SECRET = { name: 'daca-redis', key: 'password' } as const;

interface SecretStoreComponent {
  spec: { type: string; metadata: { name: string; value?: string }[] };
}

/** The secrets file that components/secretstore.yaml reads, resolved against `rootDir` (daprd's working directory). */
export function secretsFileOf(resourcesPath: string, rootDir: string): string {
  const path = join(resourcesPath, 'secretstore.yaml');
  const component = parse(readFileSync(path, 'utf8')) as SecretStoreComponent;
  const file = component.spec.metadata.find((item) => item.name === 'secretsFile')?.value;
  if (component.spec.type !== 'secretstores.local.file' || !file) {
    throw new Error(`${path}: expected a secretstores.local.file component with metadata secretsFile`);
  }
  return isAbsolute(file) ? file : join(rootDir, file);
}

/** Writes the secrets file of a stack whose Redis asks for `redisPassword`, readable by the user only. */
export function writeSecretsFile(file: string, redisPassword: string): void {
  mkdirSync(dirname(file), { recursive: true });
  rmSync(file, { force: true });
  const secrets = { [REDIS_PASSWORD_SECRET.name]: { [REDIS_PASSWORD_SECRET.key]: redisPassword } };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
}

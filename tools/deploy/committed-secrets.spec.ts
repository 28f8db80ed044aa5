import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

// No secret value is ever committed (README: Security): passwords and tokens come from the environment,
// from files made outside the repository, or from Secrets made in the cluster.
const ROOT_DIR = resolve(__dirname, '../..');
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT_DIR, encoding: 'utf8' })
  .split('\0')
  // Submodules and symbolic links are not files of this repository.
  .filter((path) => path.length > 0 && lstatSync(join(ROOT_DIR, path)).isFile());
const text = (path: string): string => readFileSync(join(ROOT_DIR, path), 'utf8');

interface Component {
  kind?: string;
  metadata?: { name?: string };
  spec?: { metadata?: { name: string; value?: unknown; secretKeyRef?: { name: string; key: string } }[] };
  auth?: { secretStore?: string };
}

const components = tracked
  .filter((path) => /\.ya?ml$/.test(path))
  .flatMap((path) => parseAllDocuments(text(path)).map((doc) => ({ path, resource: doc.toJS() as Component | null })))
  .filter(({ resource }) => resource?.kind === 'Component');

// Files the secret tooling makes, which belong outside the repository (or in .data/, which git ignores).
const SECRET_FILE_NAMES = [
  'secrets.json',
  'tokens.env',
  'compose.env',
  'redis.conf',
  'issuer.key',
  'issuer.crt',
  'ca.crt',
];

// Where a variable is given a value in configuration and scripts: `NAME=value`, `NAME: value`.
const ASSIGNMENT = /\b(REDIS_PASSWORD|APP_API_TOKEN|DAPR_API_TOKEN|REDISCLI_AUTH)\s*[=:]\s*['"]?([^\s'",}]*)/g;
const CONFIGURATION = /(\.(ya?ml|sh|md|env|json|conf)|Tiltfile|Dockerfile)$/;

describe('no secret value in the repository', () => {
  it('finds the Dapr components to check', () => {
    expect(components.map(({ path }) => path)).toEqual(
      expect.arrayContaining(['components/statestore.yaml', 'k8s/base/dapr/statestore.yaml']),
    );
  });

  it('gives every password of a Dapr component by secretKeyRef, from a secret store, never as a value', () => {
    const passwords = components.flatMap(({ path, resource }) =>
      (resource?.spec?.metadata ?? [])
        .filter((item) => /password/i.test(item.name))
        .map((item) => ({ path, component: resource?.metadata?.name, item, secretStore: resource?.auth?.secretStore })),
    );
    expect(passwords.length).toBeGreaterThanOrEqual(4);
    for (const password of passwords) {
      expect(password).toEqual({
        ...password,
        item: { name: password.item.name, secretKeyRef: { name: 'daca-redis', key: 'password' } },
        secretStore: expect.stringMatching(/^(daca-secrets|kubernetes)$/),
      });
    }
  });

  it('assigns passwords and tokens only from variables or commands, in every configuration file and script', () => {
    const literals = tracked
      .filter((path) => CONFIGURATION.test(path))
      .flatMap((path) =>
        [...text(path).matchAll(ASSIGNMENT)]
          .filter(([, , value]) => value !== '' && !value.startsWith('$'))
          .map(([assignment]) => `${path}: ${assignment}`),
      );
    expect(literals).toEqual([]);
  });

  it('holds no private key, and none of the files the secret tooling makes', () => {
    expect(tracked.filter((path) => /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text(path)))).toEqual([]);
    expect(tracked.filter((path) => SECRET_FILE_NAMES.includes(basename(path)))).toEqual([]);
  });

  it('ignores the data directory, where the launcher writes the secrets file and sentry its keys', () => {
    const ignored = execFileSync('git', ['check-ignore', '.data/secrets.json', '.data/sentry/issuer.key'], {
      cwd: ROOT_DIR,
      encoding: 'utf8',
    });
    expect(ignored.trim().split('\n')).toEqual(['.data/secrets.json', '.data/sentry/issuer.key']);
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseResiliency, type RawResiliency, type ResiliencySpec } from './resiliency-spec';

const loaded = new Map<string, ResiliencySpec>();

/**
 * The Resiliency resources daprd would apply for `appId`: every `kind: Resiliency` document in the
 * YAML files of `resourcesPath` whose scopes are empty or name the app. Read once per process: the
 * config check at boot, Nest's config factories and ResiliencyPolicies share it.
 */
export function loadResiliency(resourcesPath: string, appId: string): ResiliencySpec {
  const key = `${resourcesPath}\0${appId}`;
  let spec = loaded.get(key);
  if (!spec) {
    spec = readResiliency(resourcesPath, appId);
    loaded.set(key, spec);
  }
  return spec;
}

function readResiliency(resourcesPath: string, appId: string): ResiliencySpec {
  if (!existsSync(resourcesPath)) {
    throw new Error(
      `resources path '${resourcesPath}' does not exist: set DAPR_RESOURCES_PATH to the directory daprd loads with --resources-path`,
    );
  }
  const files = readdirSync(resourcesPath).filter((file) => /\.ya?ml$/.test(file));
  const documents = files.flatMap((file) =>
    parseAllDocuments(readFileSync(join(resourcesPath, file), 'utf8'))
      .map((document) => document.toJS() as (RawResiliency & { kind?: string }) | null)
      .filter((document) => document?.kind === 'Resiliency')
      .filter((document) => !document?.scopes?.length || document.scopes.includes(appId)),
  ) as RawResiliency[];
  return parseResiliency(documents, resourcesPath);
}

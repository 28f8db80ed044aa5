import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { template } from '@angular-devkit/core';
import {
  SchematicsException,
  apply,
  applyTemplates,
  chain,
  mergeWith,
  url,
  type Rule,
  type Tree,
} from '@angular-devkit/schematics';
import { isMap, isNode } from 'yaml';
import { insertTableRow } from '../workspace/markdown-table';
import { readWorkspaceFile } from '../workspace/workspace-file';
import { YamlSource } from '../workspace/yaml-source';
import { nextFreePorts, type AppPorts } from './app-ports';
import type { ServiceOptions } from './service.options';
import { takenPorts } from './taken-ports';

/** The Resiliency resource, as `npm start` and compose read it and as the Kubernetes base carries it. */
const RESILIENCY_FILES = ['components/resiliency.yaml', 'k8s/base/dapr/resiliency.yaml'];

/** What the templates of a service are rendered with. */
interface ServiceContext {
  name: string;
  appId: string;
  ports: AppPorts;
}

interface DaprApp extends AppPorts {
  appID: string;
}

interface NestCliJson {
  projects: Record<string, { type: string; root: string }>;
}

/**
 * `nest g -c @daca/schematics service <name>`: a new Dapr service in a daca-nest workspace. It writes
 * apps/<name> (main.ts, app.module.ts on DaprModule and ServiceModule, tsconfig.app.json) and
 * k8s/base/apps/<name>.yaml (Deployment, Service, PodDisruptionBudget, HorizontalPodAutoscaler), and adds
 * the service to nest-cli.json, package.json's `build`, dapr.yaml (on the next free ports, which
 * `npm start`, the Tiltfile and the e2e harness read), the scopes of the Resiliency resource
 * (components/ and k8s/base/dapr), k8s/base/kustomization.yaml, k8s/overlays/prod/kustomization.yaml,
 * docker-compose.yml, deploy/prometheus/prometheus.yml and the README's ports table.
 */
export function service(options: ServiceOptions): Rule {
  return (tree: Tree) => {
    const name = options.name;
    const appId = options.appId ?? name;
    const dapr = new YamlSource('dapr.yaml', readWorkspaceFile(tree, 'dapr.yaml'));
    const apps = dapr.toJS<{ apps?: DaprApp[] }>().apps ?? [];
    refuseTaken(tree, name, appId, apps);
    const ports = nextFreePorts(apps, takenPorts(tree, dapr));
    const context: ServiceContext = { name, appId, ports };
    const lastApp = apps[apps.length - 1];
    return chain([
      mergeWith(apply(url('./files'), [applyTemplates({ ...context })])),
      (edited: Tree) => {
        edited.overwrite('dapr.yaml', dapr.insertAfter(dapr.lastItem(['apps']), snippet('dapr-app.yaml', context)));
        addNestProject(edited, name);
        addToBuildScript(edited, name);
        addToKustomizations(edited, name);
        addToResiliencyScopes(edited, appId);
        addToCompose(edited, context, lastApp);
        addScrapeTargets(edited, context, lastApp);
        addPortsTableRow(edited, context, lastApp.appID);
      },
    ]);
  };
}

function refuseTaken(tree: Tree, name: string, appId: string, apps: DaprApp[]): void {
  const nestCli = JSON.parse(readWorkspaceFile(tree, 'nest-cli.json')) as NestCliJson;
  if (nestCli.projects[name] || tree.exists(`apps/${name}/src/main.ts`)) {
    throw new SchematicsException(
      `project '${name}' already exists (nest-cli.json, apps/${name}): choose another name`,
    );
  }
  if (apps.some((app) => app.appID === appId)) {
    throw new SchematicsException(`app id '${appId}' is already in dapr.yaml: give another with --app-id`);
  }
}

/** The lines of snippets/<name>.template rendered for the service. */
function snippet(file: string, context: ServiceContext): string[] {
  const text = readFileSync(join(__dirname, 'snippets', `${file}.template`), 'utf8');
  return template<ServiceContext>(text)(context).trimEnd().split('\n');
}

function addNestProject(tree: Tree, name: string): void {
  const nestCli = JSON.parse(readWorkspaceFile(tree, 'nest-cli.json')) as NestCliJson;
  const entries = Object.entries(nestCli.projects);
  const lastApplication = entries.findLastIndex(([, project]) => project.type === 'application');
  const project = {
    type: 'application',
    root: `apps/${name}`,
    entryFile: 'main',
    sourceRoot: `apps/${name}/src`,
    compilerOptions: { tsConfigPath: `apps/${name}/tsconfig.app.json` },
  };
  entries.splice(lastApplication + 1, 0, [name, project]);
  nestCli.projects = Object.fromEntries(entries);
  tree.overwrite('nest-cli.json', `${JSON.stringify(nestCli, null, 2)}\n`);
}

/** `npm run build` (and so `npm start`) builds the new app after the others. */
function addToBuildScript(tree: Tree, name: string): void {
  const manifest = JSON.parse(readWorkspaceFile(tree, 'package.json')) as { scripts?: Record<string, string> };
  const build = manifest.scripts?.build;
  if (build === undefined) {
    throw new SchematicsException(
      "package.json has no 'build' script: add one that builds the apps (nest build <app>)",
    );
  }
  manifest.scripts = { ...manifest.scripts, build: `${build} && nest build ${name}` };
  tree.overwrite('package.json', `${JSON.stringify(manifest, null, 2)}\n`);
}

function addToKustomizations(tree: Tree, name: string): void {
  const base = new YamlSource('k8s/base/kustomization.yaml', readWorkspaceFile(tree, 'k8s/base/kustomization.yaml'));
  const lastAppResource = base.lastItem(['resources'], (value) => String(value).startsWith('apps/'));
  tree.overwrite('k8s/base/kustomization.yaml', base.insertAfter(lastAppResource, [`- apps/${name}.yaml`]));

  const prodPath = 'k8s/overlays/prod/kustomization.yaml';
  const prod = new YamlSource(prodPath, readWorkspaceFile(tree, prodPath));
  const lastImage = prod.lastItem(['images']);
  const { name: image, newName, newTag } = lastImage.toJSON() as { name: string; newName: string; newTag: string };
  const registry = newName.slice(0, newName.length - image.length);
  const entry = `- { name: daca-nest/${name}, newName: ${registry}daca-nest/${name}, newTag: ${newTag} }`;
  tree.overwrite(prodPath, prod.insertAfter(lastImage, [entry]));
}

/**
 * The app loads its retry policies (ACTOR_STATE_RETRY_POLICY among them) from the Resiliency resource,
 * which refuses them to an app outside its scopes; its daprd then applies the resource's targets too.
 */
function addToResiliencyScopes(tree: Tree, appId: string): void {
  for (const path of RESILIENCY_FILES) {
    const resiliency = new YamlSource(path, readWorkspaceFile(tree, path));
    tree.overwrite(path, resiliency.insertAfter(resiliency.lastItem(['scopes']), [`- ${appId}`]));
  }
}

function addToCompose(tree: Tree, context: ServiceContext, lastApp: DaprApp): void {
  let compose = new YamlSource('docker-compose.yml', readWorkspaceFile(tree, 'docker-compose.yml'));
  const published = (port: number) => (value: unknown) => String(value) === `${port}:${port}`;
  const portLines: [number, number, string][] = [
    [lastApp.daprHTTPPort, context.ports.daprHTTPPort, `${context.appId} daprd HTTP`],
    [lastApp.appPort, context.ports.appPort, context.appId],
  ];
  for (const [after, port, comment] of portLines) {
    const anchor = compose.lastItem(['services', 'network', 'ports'], published(after));
    compose = new YamlSource('docker-compose.yml', compose.insertAfter(anchor, [`- '${port}:${port}' # ${comment}`]));
  }
  const services = compose.map(['services']);
  const lastSidecar = services.items.find((pair) => String(pair.key) === `${lastApp.appID}-daprd`);
  if (!lastSidecar || !isNode(lastSidecar.key) || !isMap(lastSidecar.value)) {
    throw new SchematicsException(
      `docker-compose.yml has no service ${lastApp.appID}-daprd to put the new one after: add the apps of dapr.yaml to it first`,
    );
  }
  tree.overwrite(
    'docker-compose.yml',
    compose.insertAfter(lastSidecar.value, snippet('docker-compose.services.yaml', context), lastSidecar.key),
  );
}

function addScrapeTargets(tree: Tree, context: ServiceContext, lastApp: DaprApp): void {
  const path = 'deploy/prometheus/prometheus.yml';
  let prometheus = new YamlSource(path, readWorkspaceFile(tree, path));
  const jobs: [string, number, number][] = [
    ['daca-apps', lastApp.appPort, context.ports.appPort],
    ['daca-sidecars', lastApp.metricsPort, context.ports.metricsPort],
  ];
  for (const [job, after, port] of jobs) {
    const index = prometheus
      .toJS<{ scrape_configs: { job_name: string }[] }>()
      .scrape_configs.findIndex((config) => config.job_name === job);
    const anchor = prometheus.lastItem(['scrape_configs', index, 'static_configs'], (value) =>
      (value as { targets: string[] }).targets.includes(`localhost:${after}`),
    );
    prometheus = new YamlSource(
      path,
      prometheus.insertAfter(anchor, [`- targets: ['localhost:${port}']`, `  labels: { app: ${context.appId} }`]),
    );
  }
  tree.overwrite(path, prometheus.text);
}

function addPortsTableRow(tree: Tree, { name, appId, ports }: ServiceContext, lastAppId: string): void {
  if (!tree.exists('README.md')) return;
  const cells = [
    name,
    `\`${appId}\``,
    String(ports.appPort),
    String(ports.daprHTTPPort),
    `${ports.daprGRPCPort} (${ports.daprInternalGRPCPort})`,
    String(ports.metricsPort),
  ];
  const readme = insertTableRow(tree.readText('README.md'), (row) => row[1] === `\`${lastAppId}\``, cells);
  if (readme !== undefined) tree.overwrite('README.md', readme);
}

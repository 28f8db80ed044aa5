import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStackDefinition } from '../../tools/stack/stack-definition';
import { ROOT_DIR } from '../support/e2e-stack';
import { deployTool, kustomizeBuild, resources } from './support/deploy-tools';
import { runTool } from './support/run-tool';

interface TiltCall {
  function: string;
  args: Record<string, unknown>;
}

/** The Tilt functions the Tiltfile calls, in order, with their arguments (tools/deploy/tiltfile-check). */
function runTiltfile(...args: string[]): TiltCall[] {
  return JSON.parse(runTool(deployTool('tiltfile-check'), [...args, join(ROOT_DIR, 'Tiltfile')])) as TiltCall[];
}

const calls = (all: TiltCall[], name: string): Record<string, unknown>[] =>
  all.filter((call) => call.function === name).map((call) => call.args);

const definition = loadStackDefinition(ROOT_DIR);

describe('Tiltfile on a cluster (tilt up)', () => {
  const tilt = runTiltfile();
  const devOverlay = resources(kustomizeBuild('k8s/overlays/dev'));
  const deployments = devOverlay.filter((resource) => resource.kind === 'Deployment');
  const images = deployments.flatMap((deployment) =>
    (deployment.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers.map(
      (container) => container.image,
    ),
  );

  it('builds an image of every app, from a context and Dockerfile that exist, that the dev overlay runs', () => {
    const builds = calls(tilt, 'docker_build');
    const projects = Object.keys(
      (JSON.parse(readFileSync(join(ROOT_DIR, 'nest-cli.json'), 'utf8')) as { projects: object }).projects,
    );
    // Tilt matches an image in the manifests by name, whatever its tag, and deploys its own tag instead.
    expect(builds.map((build) => build.ref).sort()).toEqual(
      images
        .filter((image) => image.startsWith('daca-nest/'))
        .map((image) => image.replace(/:[^:/]+$/, ''))
        .sort(),
    );
    expect(builds).toHaveLength(definition.apps.length);
    for (const build of builds) {
      expect(existsSync(join(ROOT_DIR, build.context as string, build.dockerfile as string))).toBe(true);
      expect(projects).toContain((build.build_args as { APP: string }).APP);
    }
  });

  it('applies the dev overlay and port-forwards every app and sidecar on the ports of dapr.yaml', () => {
    const [applied] = calls(tilt, 'k8s_yaml');
    expect(applied.yaml).toEqual({ function: 'kustomize', args: { pathToDir: 'k8s/overlays/dev' } });
    const workloads = calls(tilt, 'k8s_resource');
    for (const workload of workloads) {
      expect(deployments.map((deployment) => deployment.metadata.name)).toContain(workload.workload);
    }
    for (const app of definition.apps) {
      const forwards = workloads.find((workload) => workload.workload === app.appId)?.port_forwards as TiltCall[];
      expect(forwards.map((forward) => forward.args)).toEqual([
        { local_port: app.appPort, container_port: app.appPort, name: 'app' },
        { local_port: app.daprHttpPort, container_port: 3500, name: 'daprd' },
      ]);
    }
  });

  it("creates the token Secrets the apps' pods read before starting any app", () => {
    const [tokens] = calls(tilt, 'local_resource');
    expect(tokens).toMatchObject({ name: 'dapr-tokens', cmd: 'bash tools/deploy/dev-tokens.sh daca-dev' });
    expect(existsSync(join(ROOT_DIR, 'tools/deploy/dev-tokens.sh'))).toBe(true);
    for (const app of definition.apps) {
      const workload = calls(tilt, 'k8s_resource').find((resource) => resource.workload === app.appId);
      expect(workload?.resource_deps).toContain('dapr-tokens');
    }
  });
});

describe('Tiltfile without a cluster (tilt up -- --local)', () => {
  const tilt = runTiltfile('--arg', 'local=true');

  it("runs the stack with the project's launcher and Prometheus on deploy/prometheus/prometheus.yml", () => {
    expect(calls(tilt, 'docker_build')).toEqual([]);
    expect(calls(tilt, 'k8s_yaml')).toEqual([]);
    const [stack, prometheus] = calls(tilt, 'local_resource');
    expect(stack.serve_cmd).toBe('npm start');
    expect(
      (JSON.parse(readFileSync(join(ROOT_DIR, 'package.json'), 'utf8')) as { scripts: object }).scripts,
    ).toHaveProperty('start');
    for (const dep of stack.deps as string[])
      expect({ dep, exists: existsSync(join(ROOT_DIR, dep)) }).toEqual({ dep, exists: true });
    const probe = stack.readiness_probe as TiltCall;
    expect(definition.apps.map((app) => app.appPort)).toContain((probe.args.http_get as TiltCall).args.port);
    expect(prometheus.serve_cmd).toContain('--config.file=deploy/prometheus/prometheus.yml');
    expect(existsSync(join(ROOT_DIR, 'deploy/prometheus/prometheus.yml'))).toBe(true);
  });
});

describe('Tiltfile on the local cluster (DACA_LOCAL_REGISTRY, as npm run cluster prints it)', () => {
  const registry = '10.213.0.1:5000';
  const kustomization = '/tmp/daca-k8s-deploy-x/overlay-y';
  const localCluster = [
    '--env',
    `DACA_LOCAL_REGISTRY=${registry}`,
    '--env',
    `DACA_LOCAL_KUSTOMIZATION=${kustomization}`,
  ];
  const tilt = runTiltfile(...localCluster, '--k8s-context', 'local');
  const projects = definition.apps.map((app) => app.command[app.command.length - 1]?.split('/')[2]);

  it('builds every app with the buildah image CLI, which pushes it to the ref Tilt expects in the registry', () => {
    expect(calls(tilt, 'docker_build')).toEqual([]);
    expect(calls(tilt, 'default_registry')).toEqual([{ host: registry }]);
    expect(calls(tilt, 'allow_k8s_contexts')).toEqual([{ contexts: 'local' }]);
    const builds = calls(tilt, 'custom_build');
    expect(builds.map((build) => build.ref)).toEqual(projects.map((project) => `daca-nest/${project}`));
    for (const [index, build] of builds.entries()) {
      expect(build.command).toBe(`npx tsx tools/k8s/images/cli.ts --app ${projects[index]} --push-as $EXPECTED_REF`);
      expect(build).toMatchObject({ skips_local_docker: true, disable_push: true });
      for (const dep of build.deps as string[])
        expect({ dep, exists: existsSync(join(ROOT_DIR, dep)) }).toEqual({ dep, exists: true });
    }
    expect(existsSync(join(ROOT_DIR, 'tools/k8s/images/cli.ts'))).toBe(true);
  });

  it("applies the local cluster's kustomization, with the tokens, the port-forwards of dapr.yaml and no monitoring", () => {
    const [applied] = calls(tilt, 'k8s_yaml');
    expect(applied.yaml).toEqual({ function: 'kustomize', args: { pathToDir: kustomization } });
    expect(calls(tilt, 'local_resource')).toMatchObject([{ name: 'dapr-tokens' }]);
    const workloads = calls(tilt, 'k8s_resource').map((resource) => resource.workload);
    expect(workloads).toEqual([...definition.apps.map((app) => app.appId), 'redis']);
    for (const app of definition.apps) {
      const workload = calls(tilt, 'k8s_resource').find((resource) => resource.workload === app.appId);
      expect((workload?.port_forwards as TiltCall[]).map((forward) => forward.args)).toEqual([
        { local_port: app.appPort, container_port: app.appPort, name: 'app' },
        { local_port: app.daprHttpPort, container_port: 3500, name: 'daprd' },
      ]);
      expect(workload?.resource_deps).toEqual(['redis', 'dapr-tokens']);
    }
  });

  it('refuses any Kubernetes context but the local cluster, and a registry without the kustomization', () => {
    for (const [args, message] of [
      [[...localCluster, '--k8s-context', 'prod'], /the Kubernetes context is 'prod', not the local cluster's 'local'/],
      [['--env', `DACA_LOCAL_REGISTRY=${registry}`, '--k8s-context', 'local'], /without DACA_LOCAL_KUSTOMIZATION/],
    ] as const) {
      const result = spawnSync(deployTool('tiltfile-check'), [...args, join(ROOT_DIR, 'Tiltfile')], {
        encoding: 'utf8',
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(message);
    }
  });
});

describe('tiltfile-check', () => {
  it("fails on what Tilt would refuse: a parameter Tilt's function does not have, or a syntax error", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiltfile-'));
    try {
      for (const [source, message] of [
        ["docker_build('x', '.', dockerfil='Dockerfile')", /docker_build: unexpected keyword argument "dockerfil"/],
        ['k8s_yaml(', /Tiltfile:2:1: got end of file, want '\)'/],
      ] as const) {
        writeFileSync(join(dir, 'Tiltfile'), `${source}\n`);
        const result = spawnSync(deployTool('tiltfile-check'), [join(dir, 'Tiltfile')], { encoding: 'utf8' });
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(message);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

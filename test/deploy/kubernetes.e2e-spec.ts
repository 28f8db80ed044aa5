import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseDuration } from '../../libs/dapr/src/duration';
import { loadStackDefinition } from '../../tools/stack/stack-definition';
import { ROOT_DIR } from '../support/e2e-stack';
import { deployTool, kustomizeBuild, resources, type Resource } from './support/deploy-tools';
import { runTool } from './support/run-tool';

// Kubernetes minor releases whose schemas every resource must pass: the oldest and newest that
// kubernetes-validate 1.37.0 carries within the range of Dapr 1.18's supported clusters and beyond.
const KUBERNETES_VERSIONS = ['1.30.0', '1.37.0'];
const definition = loadStackDefinition(ROOT_DIR);
const crds = runTool('bash', ['tools/deploy/dapr-crds.sh']).trim();

function validate(yamlStream: string): { status: number | null; output: string } {
  const result = spawnSync(
    deployTool('python'),
    [
      join(ROOT_DIR, 'tools/deploy/validate-k8s.py'),
      ...KUBERNETES_VERSIONS.flatMap((version) => ['--kubernetes-version', version]),
      '--crds',
      crds,
      '-',
    ],
    { input: yamlStream, encoding: 'utf8' },
  );
  return { status: result.status, output: result.stdout + result.stderr };
}

const find = (all: Resource[], kind: string, name: string): Resource | undefined =>
  all.find((resource) => resource.kind === kind && resource.metadata.name === name);

interface PodTemplate {
  metadata: { annotations: Record<string, string> };
  spec: {
    securityContext: Record<string, unknown>;
    terminationGracePeriodSeconds: number;
    containers: {
      image: string;
      env: { name: string; value?: string; valueFrom?: unknown }[];
      lifecycle: { preStop: { sleep: { seconds: number } } };
      ports: { name: string; containerPort: number }[];
      livenessProbe: { httpGet: { path: string; port: string } };
      readinessProbe: { httpGet: { path: string; port: string } };
      resources: { requests: Record<string, string>; limits: Record<string, string> };
      securityContext: Record<string, unknown>;
    }[];
  };
}

/** Dapr resources of components/ (self-hosted mode), by kind and name. */
const selfHosted = readdirSync(join(ROOT_DIR, 'components'))
  .filter((file) => file.endsWith('.yaml'))
  .flatMap((file) => resources(readFileSync(join(ROOT_DIR, 'components', file), 'utf8')));

// What may differ between self-hosted mode and a cluster: where Redis is and how its password is
// given, how the Component reads secrets, name resolution (Kubernetes DNS on a cluster), and the
// namespace of the app identities that access control names.
const CONNECTION_METADATA = ['redisHost', 'redisPassword'];

function comparable(resource: Resource): unknown {
  const spec = { ...resource.spec };
  if (resource.kind === 'Configuration') {
    delete spec.nameResolution;
    const { policies, ...accessControl } = spec.accessControl as { policies: Record<string, unknown>[] };
    spec.accessControl = {
      ...accessControl,
      policies: policies.map((policy) => ({ ...policy, namespace: undefined })),
    };
    const tracing = spec.tracing as { otel?: Record<string, unknown> } | undefined;
    if (tracing?.otel) spec.tracing = { ...tracing, otel: { ...tracing.otel, endpointAddress: 'set by the overlay' } };
  }
  if (resource.kind === 'Component') {
    const metadata = spec.metadata as { name: string; value?: string }[];
    spec.metadata = metadata.map(({ name, value }) =>
      CONNECTION_METADATA.includes(name) ? { name } : { name, value },
    );
  }
  return { kind: resource.kind, name: resource.metadata.name, spec, scopes: resource.scopes };
}

describe.each(['dev', 'prod'])('k8s/overlays/%s', (overlay) => {
  const built = kustomizeBuild(`k8s/overlays/${overlay}`);
  const all = resources(built);

  it('validates, every resource, against the Kubernetes schemas and the Dapr CRDs of the pinned release', () => {
    const { status, output } = validate(built);
    expect(output).not.toContain('ERROR');
    expect(status).toBe(0);
    expect(output.trim().split('\n')).toHaveLength(all.length);
  });

  it('runs every app of dapr.yaml with its Dapr sidecar, probes on the health endpoints, limits and no root', () => {
    for (const app of definition.apps) {
      const deployment = find(all, 'Deployment', app.appId);
      const template = (deployment?.spec as { template: PodTemplate } | undefined)?.template;
      expect(template?.metadata.annotations).toMatchObject({
        'dapr.io/enabled': 'true',
        'dapr.io/app-id': app.appId,
        'dapr.io/app-port': String(app.appPort),
        'dapr.io/config': 'daca-config',
        'dapr.io/enable-metrics': 'true',
        'dapr.io/metrics-port': String(app.metricsPort),
        'dapr.io/app-health-check-path': definition.appHealthCheckPath,
      });
      const [container] = template?.spec.containers ?? [];
      expect(container.ports).toEqual([{ name: 'http', containerPort: app.appPort }]);
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(Object.keys(container.resources.requests).sort()).toEqual(['cpu', 'memory']);
      expect(container.resources.limits.memory).toBeDefined();
      expect(template?.spec.securityContext).toMatchObject({ runAsNonRoot: true });
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(find(all, 'Service', app.appId)).toBeDefined();
      expect(find(all, 'PodDisruptionBudget', app.appId)).toBeDefined();
      expect(find(all, 'Configuration', 'daca-config')).toBeDefined();
    }
    const autoscaled = all.filter((resource) => resource.kind === 'HorizontalPodAutoscaler');
    expect(autoscaled.map((hpa) => hpa.metadata.name).sort()).toEqual(['callee-app', 'chat-agent']);
  });

  it('gives every app and its sidecar the same tokens, from Secrets the manifests reference and never carry', () => {
    for (const app of definition.apps) {
      const { metadata, spec } = (find(all, 'Deployment', app.appId)?.spec as { template: PodTemplate }).template;
      expect(metadata.annotations).toMatchObject({
        'dapr.io/app-token-secret': 'daca-app-token',
        'dapr.io/api-token-secret': 'daca-api-token',
      });
      expect(spec.containers[0].env).toEqual(
        expect.arrayContaining([
          { name: 'APP_API_TOKEN', valueFrom: { secretKeyRef: { name: 'daca-app-token', key: 'token' } } },
          { name: 'DAPR_API_TOKEN', valueFrom: { secretKeyRef: { name: 'daca-api-token', key: 'token' } } },
        ]),
      );
    }
    expect(all.filter((resource) => resource.kind === 'Secret')).toEqual([]);
  });

  it('gives every app and its sidecar time to shut down in order before the pod is killed', () => {
    const env = all.find(
      (resource) => resource.kind === 'ConfigMap' && resource.metadata.name.startsWith('daca-app-env'),
    );
    const shutdownSeconds = parseDuration((env?.data as Record<string, string>).SHUTDOWN_TIMEOUT) / 1000;
    for (const app of definition.apps) {
      const { metadata, spec } = (find(all, 'Deployment', app.appId)?.spec as { template: PodTemplate }).template;
      const preStopSeconds = spec.containers[0].lifecycle.preStop.sleep.seconds;
      const blockSeconds = parseDuration(metadata.annotations['dapr.io/block-shutdown-duration']) / 1000;
      const sidecarSeconds = Number(metadata.annotations['dapr.io/graceful-shutdown-seconds']);
      // The endpoint leaves the Service first; daprd serves the app until the app has stopped, then drains.
      expect({ app: app.appId, preStopSeconds, blockSeconds, sidecarSeconds }).toEqual({
        app: app.appId,
        preStopSeconds: expect.any(Number),
        blockSeconds: preStopSeconds + shutdownSeconds,
        sidecarSeconds: shutdownSeconds,
      });
      expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(blockSeconds + sidecarSeconds);
    }
  });

  it('carries the Dapr resources of components/, equal but for connection settings', () => {
    const dapr = all.filter((resource) => resource.apiVersion.startsWith('dapr.io/'));
    expect(dapr.map(comparable)).toEqual(expect.arrayContaining(selfHosted.map(comparable)));
    expect(dapr).toHaveLength(selfHosted.length);
  });

  it("names the overlay's namespace in the access control policy", () => {
    const config = find(all, 'Configuration', 'daca-config') as Resource & {
      spec: { accessControl: { policies: { appId: string; namespace: string }[] } };
    };
    expect(config.spec.accessControl.policies).toEqual([
      expect.objectContaining({ appId: 'caller-app', namespace: overlay === 'dev' ? 'daca-dev' : 'daca' }),
    ]);
  });

  it('sends the spans of the apps and of their sidecars to the one OTLP endpoint of daca-app-env', () => {
    const env = all.find(
      (resource) => resource.kind === 'ConfigMap' && resource.metadata.name.startsWith('daca-app-env'),
    );
    const endpoint = new URL((env?.data as Record<string, string>).OTEL_EXPORTER_OTLP_ENDPOINT);
    const configuration = find(all, 'Configuration', 'daca-config')?.spec as {
      tracing: { otel: { endpointAddress: string } };
    };
    expect(configuration.tracing.otel.endpointAddress).toBe(endpoint.host);
    expect(find(all, 'Service', endpoint.hostname) !== undefined).toBe(overlay === 'dev');
  });

  it('names a tag for every image, never latest: an untagged image is pulled on every pod start', () => {
    const images = all
      .filter((resource) => resource.kind === 'Deployment')
      .flatMap((deployment) => (deployment.spec as { template: PodTemplate }).template.spec.containers)
      .map((container) => container.image);
    expect(images.length).toBeGreaterThanOrEqual(definition.apps.length);
    expect(images.filter((image) => !/:[^:/]+$/.test(image) || image.endsWith(':latest'))).toEqual([]);
  });

  it(overlay === 'dev' ? 'runs its own Redis' : 'runs no Redis of its own', () => {
    expect(find(all, 'Deployment', 'redis') !== undefined).toBe(overlay === 'dev');
  });
});

describe('validate-k8s.py', () => {
  it('rejects unknown fields in Kubernetes and Dapr resources, and kinds without a schema', () => {
    const all = resources(kustomizeBuild('k8s/overlays/dev'));
    const deployment = find(all, 'Deployment', 'chat-agent') as Resource & { spec: { template: PodTemplate } };
    (deployment.spec.template.spec.containers[0].livenessProbe.httpGet as Record<string, unknown>).pathh = '/x';
    const component = find(all, 'Component', 'statestore') as Resource;
    component.spec = { ...component.spec, versionn: 'v1' };
    const unknown = { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' } };

    const { status, output } = validate([deployment, component, unknown].map((doc) => stringify(doc)).join('---\n'));

    expect(status).toBe(1);
    expect(output).toMatch(/ERROR apps\/v1 Deployment\/chat-agent: Kubernetes 1\.30\.0: .*pathh/);
    expect(output).toMatch(/ERROR dapr\.io\/v1alpha1 Component\/statestore: spec: .*versionn/);
    expect(output).toMatch(/ERROR example\.com\/v1 Gadget\/g: no schema/);
  });
});

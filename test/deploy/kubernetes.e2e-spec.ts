import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseDuration } from '../../libs/dapr/src/duration';
import { loadStackDefinition } from '../../tools/stack/stack-definition';
import { ROOT_DIR } from '../support/e2e-stack';
import { kustomizeBuild, resources, validateKubernetes, type Resource } from './support/deploy-tools';
import { allowedIngress, type AllowedIngress } from './support/network-policy';

const definition = loadStackDefinition(ROOT_DIR);

const find = (all: Resource[], kind: string, name: string): Resource | undefined =>
  all.find((resource) => resource.kind === kind && resource.metadata.name === name);

interface PodTemplate {
  metadata: { annotations: Record<string, string> };
  spec: {
    automountServiceAccountToken?: boolean;
    securityContext: Record<string, unknown>;
    terminationGracePeriodSeconds: number;
    containers: {
      image: string;
      env: { name: string; value?: string; valueFrom?: unknown }[];
      lifecycle?: unknown;
      ports: { name: string; containerPort: number }[];
      livenessProbe: { httpGet: { path: string; port: string } };
      readinessProbe: { httpGet: { path: string; port: string } };
      resources: { requests: Record<string, string>; limits: Record<string, string> };
      securityContext: Record<string, unknown>;
    }[];
  };
}

// The local secret store exists in self-hosted mode only: on a cluster the operator reads Secrets.
const SELF_HOSTED_SECRET_STORE = 'daca-secrets';

/** Dapr resources of components/ (self-hosted mode), by kind and name, but its secret store. */
const selfHosted = readdirSync(join(ROOT_DIR, 'components'))
  .filter((file) => file.endsWith('.yaml'))
  .flatMap((file) => resources(readFileSync(join(ROOT_DIR, 'components', file), 'utf8')))
  .filter((resource) => resource.metadata.name !== SELF_HOSTED_SECRET_STORE);

/**
 * The README's table of what each pod accepts (Security, Network policies): pod, port, the peers it
 * accepts, the overlays where it holds.
 */
function documentedIngress(overlay: string): AllowedIngress[] {
  const readme = readFileSync(join(ROOT_DIR, 'README.md'), 'utf8');
  const section = readme.split('\n### Network policies')[1]?.split('\n#')[0] ?? '';
  const rows = section
    .split('\n')
    .filter((line) => /^\| [\w-]+ +\| \d+/.test(line))
    .map((line) => line.split('|').map((cell) => cell.trim()));
  expect(rows.length).toBeGreaterThan(0);
  return rows
    .filter(([, , , , overlays]) => overlays.split(', ').includes(overlay))
    .map(([, pod, port, from]) => ({ pod, port: Number.parseInt(port, 10), from: from.split(', ') }))
    .sort((a, b) => a.pod.localeCompare(b.pod) || a.port - b.port);
}

// What may differ between self-hosted mode and a cluster: where Redis is and how its password is
// given, how the Component reads secrets (its secret store), name resolution (Kubernetes DNS on a
// cluster), and the namespace of the app identities that access control names.
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
    const secrets = spec.secrets as { scopes: Record<string, unknown>[] } | undefined;
    if (secrets)
      spec.secrets = { scopes: secrets.scopes.map((scope) => ({ ...scope, storeName: 'the secret store' })) };
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
    const { status, output } = validateKubernetes(built);
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
        'dapr.io/app-health-probe-interval': String(definition.appHealthProbe.intervalSeconds),
        'dapr.io/app-health-threshold': String(definition.appHealthProbe.threshold),
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

  it(
    overlay === 'prod'
      ? 'runs every app as 2 or more replicas, spread over nodes, drained one at a time'
      : 'spreads every app over nodes, drained one at a time',
    () => {
      for (const app of definition.apps) {
        const spec = find(all, 'Deployment', app.appId)?.spec as
          { replicas: number; template: { spec: { affinity?: unknown } } } | undefined;
        expect(spec?.template.spec.affinity).toEqual({
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: {
                  topologyKey: 'kubernetes.io/hostname',
                  labelSelector: { matchLabels: { 'app.kubernetes.io/name': app.appId } },
                },
              },
            ],
          },
        });
        expect(find(all, 'PodDisruptionBudget', app.appId)?.spec).toMatchObject({ maxUnavailable: 1 });
        if (overlay === 'prod') expect(spec?.replicas).toBeGreaterThanOrEqual(2);
      }
    },
  );

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

  it("reads Redis's password from Secret daca-redis, in the components (through Dapr's operator) and in the apps", () => {
    const redisComponents = all.filter(
      (resource) => resource.kind === 'Component' && String(resource.spec?.type).endsWith('.redis'),
    );
    expect(redisComponents.map((component) => component.metadata.name).sort()).toEqual(['daca-pubsub', 'statestore']);
    for (const component of redisComponents) {
      const metadata = component.spec?.metadata as { name: string; value?: string; secretKeyRef?: unknown }[];
      expect({ component: component.metadata.name, auth: component.auth, password: metadata[1] }).toEqual({
        component: component.metadata.name,
        auth: { secretStore: 'kubernetes' },
        password: { name: 'redisPassword', secretKeyRef: { name: 'daca-redis', key: 'password' } },
      });
    }
    for (const app of definition.apps) {
      const { spec } = (find(all, 'Deployment', app.appId)?.spec as { template: PodTemplate }).template;
      expect(spec.containers[0].env).toContainEqual({
        name: 'REDIS_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'daca-redis', key: 'password' } },
      });
    }
    const redis = find(all, 'Deployment', 'redis');
    if (overlay === 'dev') {
      const [container] = (redis?.spec as { template: PodTemplate }).template.spec
        .containers as (PodTemplate['spec']['containers'][0] & { args: string[] })[];
      expect(container.args.join(' ')).toContain('--requirepass $(REDIS_PASSWORD)');
      expect(container.env).toContainEqual({
        name: 'REDIS_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'daca-redis', key: 'password' } },
      });
    }
  });

  it('mounts no service-account token in the pods that never call the Kubernetes API', () => {
    const deployments = all.filter((resource) => resource.kind === 'Deployment');
    const withToken = deployments
      .filter(
        (deployment) =>
          (deployment.spec as { template: PodTemplate }).template.spec.automountServiceAccountToken !== false,
      )
      .map((deployment) => deployment.metadata.name);
    // Prometheus discovers the pods it scrapes through the API.
    expect(withToken).toEqual(overlay === 'dev' ? ['prometheus'] : []);
    for (const app of definition.apps) {
      const { metadata } = (find(all, 'Deployment', app.appId)?.spec as { template: PodTemplate }).template;
      expect(metadata.annotations['dapr.io/disable-builtin-k8s-secret-store']).toBe('true');
    }
  });

  it('lets into each pod exactly the traffic the README lists (Security, Network policies)', () => {
    const allowed = allowedIngress(all);
    expect(allowed).toEqual(documentedIngress(overlay));
    // An app's ports are dapr.yaml's: its own, its daprd's metrics, and daprd's internal gRPC (50002).
    for (const app of definition.apps) {
      const ports = allowed.filter((entry) => entry.pod === app.appId).map((entry) => entry.port);
      expect(ports).toEqual(expect.arrayContaining([app.appPort, app.metricsPort]));
      expect(ports.filter((port) => ![app.appPort, app.metricsPort, 50002].includes(port))).toEqual([]);
    }
    const policed = all
      .filter((resource) => resource.kind === 'NetworkPolicy')
      .map(
        (policy) => (policy.spec as { podSelector: { matchLabels: Record<string, string> } }).podSelector.matchLabels,
      );
    expect(policed.map((labels) => labels['app.kubernetes.io/name']).sort()).toEqual(
      [...new Set(documentedIngress(overlay).map((entry) => entry.pod))].sort(),
    );
  });

  it('gives every app and its sidecar time to shut down in order before the pod is killed', () => {
    const env = all.find(
      (resource) => resource.kind === 'ConfigMap' && resource.metadata.name.startsWith('daca-app-env'),
    );
    const { SHUTDOWN_DELAY, SHUTDOWN_TIMEOUT } = env?.data as Record<string, string>;
    const delaySeconds = parseDuration(SHUTDOWN_DELAY) / 1000;
    const shutdownSeconds = parseDuration(SHUTDOWN_TIMEOUT) / 1000;
    expect(delaySeconds).toBeGreaterThan(0);
    for (const app of definition.apps) {
      const { metadata, spec } = (find(all, 'Deployment', app.appId)?.spec as { template: PodTemplate }).template;
      const blockSeconds = parseDuration(metadata.annotations['dapr.io/block-shutdown-duration']) / 1000;
      const sidecarSeconds = Number(metadata.annotations['dapr.io/graceful-shutdown-seconds']);
      // The endpoint leaves the Service while the app still serves (SHUTDOWN_DELAY); daprd serves the app
      // until it has handed its actors over or stopped, then drains. No preStop: the app's own delay is it.
      expect({ app: app.appId, lifecycle: spec.containers[0].lifecycle, blockSeconds, sidecarSeconds }).toEqual({
        app: app.appId,
        lifecycle: undefined,
        blockSeconds: delaySeconds + shutdownSeconds,
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
      spec: { accessControl: { policies: { appId: string; namespace: string }[] }; mtls?: { enabled?: boolean } };
    };
    // The policies need the callers' identities: mTLS stays on (Dapr's default).
    expect(config.spec.mtls?.enabled).not.toBe(false);
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

    const { status, output } = validateKubernetes(
      [deployment, component, unknown].map((doc) => stringify(doc)).join('---\n'),
    );

    expect(status).toBe(1);
    expect(output).toMatch(/ERROR apps\/v1 Deployment\/chat-agent: Kubernetes 1\.30\.0: .*pathh/);
    expect(output).toMatch(/ERROR dapr\.io\/v1alpha1 Component\/statestore: spec: .*versionn/);
    expect(output).toMatch(/ERROR example\.com\/v1 Gadget\/g: no schema/);
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { pinnedDaprVersion } from '../../tools/stack/dapr-binaries';
import { loadStackDefinition } from '../../tools/stack/stack-definition';
import { ROOT_DIR } from '../support/e2e-stack';
import { COMPOSE_VARIABLES, composeSecrets, sourced } from './support/compose-secrets';
import { runTool } from './support/run-tool';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: { target: number; published: number | string }[] | string[];
  network_mode?: string;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** `--name=value` flags of a command line. */
function flags(command: string[] = []): Record<string, string> {
  return Object.fromEntries(
    command
      .filter((arg) => arg.startsWith('--'))
      .map((arg) => [arg.slice(2).split('=')[0], arg.split('=').slice(1).join('=')]),
  );
}

describe('docker-compose.yml', () => {
  // docker-compose validates the file against the Compose schema and resolves paths, anchors and defaults,
  // with the variables that tools/deploy/compose-secrets.sh makes, in a directory of this test.
  const secretsDir = join(mkdtempSync(join(tmpdir(), 'daca-compose-')), 'compose');
  const secrets = sourced(composeSecrets(secretsDir));
  afterAll(() => rmSync(join(secretsDir, '..'), { recursive: true, force: true }));
  const tokens = { APP_API_TOKEN: secrets.APP_API_TOKEN, DAPR_API_TOKEN: secrets.DAPR_API_TOKEN };
  const compose = parse(runTool('docker-compose', ['--file', 'docker-compose.yml', 'config'], secrets)) as ComposeFile;
  const definition = loadStackDefinition(ROOT_DIR);
  const services = compose.services;
  const nestProjects = Object.keys(
    (JSON.parse(readFileSync(join(ROOT_DIR, 'nest-cli.json'), 'utf8')) as { projects: Record<string, unknown> })
      .projects,
  );

  it('has redis, sentry, placement, scheduler, every app of dapr.yaml with its daprd, prometheus, grafana and jaeger', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'network',
        'volume-init',
        'redis',
        'sentry',
        'placement',
        'scheduler',
        'prometheus',
        'grafana',
        'jaeger',
        ...definition.apps.flatMap((app) => [app.appId, `${app.appId}-daprd`]),
      ].sort(),
    );
  });

  it('builds every app from a build context that exists, with the Dockerfile and a nest project', () => {
    for (const app of definition.apps) {
      const build = services[app.appId].build;
      expect(build).toBeDefined();
      const context = build?.context ?? '';
      expect(existsSync(join(context, build?.dockerfile ?? 'Dockerfile'))).toBe(true);
      expect(nestProjects).toContain(build?.args?.APP);
      expect(`node dist/apps/${build?.args?.APP}/main.js`).toBe(app.command.join(' '));
    }
  });

  it('mounts only files and directories that exist, and declares every named volume', () => {
    const mounts = Object.entries(services).flatMap(([name, service]) =>
      (service.volumes ?? []).map((volume) => ({ name, source: volume.split(':')[0] })),
    );
    expect(mounts.length).toBeGreaterThan(0);
    for (const { name, source } of mounts) {
      if (isAbsolute(source)) {
        expect({ service: name, source, exists: existsSync(source) }).toEqual({ service: name, source, exists: true });
      } else {
        expect({ service: name, volume: source, declared: source in (compose.volumes ?? {}) }).toEqual({
          service: name,
          volume: source,
          declared: true,
        });
      }
    }
  });

  it('runs the pinned Dapr release', () => {
    const version = pinnedDaprVersion(ROOT_DIR);
    const daprImages = Object.values(services)
      .map((service) => service.image ?? '')
      .filter((image) => image.startsWith('ghcr.io/dapr/'));
    expect(daprImages.sort()).toEqual(
      [...definition.apps.map(() => 'daprd'), 'placement', 'scheduler', 'sentry']
        .map((name) => `ghcr.io/dapr/${name}:${version}`)
        .sort(),
    );
  });

  it('gives each app and its sidecar the ports of dapr.yaml, the tokens of the environment, and the sidecar components/ unchanged', () => {
    for (const app of definition.apps) {
      const env = services[app.appId].environment ?? {};
      expect({ APP_ID: env.APP_ID, APP_PORT: env.APP_PORT, DAPR_HTTP_PORT: env.DAPR_HTTP_PORT }).toEqual({
        APP_ID: app.appId,
        APP_PORT: String(app.appPort),
        DAPR_HTTP_PORT: String(app.daprHttpPort),
      });
      const sidecar = services[`${app.appId}-daprd`];
      const args = flags(sidecar.command);
      expect(args).toMatchObject({
        'app-id': app.appId,
        'app-port': String(app.appPort),
        'dapr-http-port': String(app.daprHttpPort),
        'dapr-grpc-port': String(app.daprGrpcPort),
        'dapr-internal-grpc-port': String(app.daprInternalGrpcPort),
        'metrics-port': String(app.metricsPort),
        'placement-host-address': `127.0.0.1:${definition.placement[0].port}`,
        'scheduler-host-address': `127.0.0.1:${definition.scheduler[0].port}`,
        'app-health-check-path': definition.appHealthCheckPath,
        'app-health-probe-interval': String(definition.appHealthProbe.intervalSeconds),
        'app-health-threshold': String(definition.appHealthProbe.threshold),
        'enable-mtls': '',
        'sentry-address': `127.0.0.1:${definition.sentry.port}`,
      });
      expect(services[app.appId].environment).toMatchObject({ ...tokens, REDIS_PASSWORD: secrets.REDIS_PASSWORD });
      expect(sidecar.environment).toMatchObject(tokens);
      expect(sidecar.environment?.DAPR_TRUST_ANCHORS).toBe(readFileSync(join(secretsDir, 'ca.crt'), 'utf8').trim());
      expect(sidecar.volumes).toContain(`${join(ROOT_DIR, 'components')}:${args['resources-path']}:ro`);
      // components/secretstore.yaml's file, relative to the working directory: Redis's password.
      expect(sidecar.volumes).toContain(`${join(secretsDir, 'secrets.json')}:/stack/.data/secrets.json:ro`);
      expect(args.config).toBe(`${args['resources-path']}/configuration.yaml`);
      expect(sidecar.network_mode).toBe('service:network');
    }
  });

  it.each(COMPOSE_VARIABLES)('refuses to run without %s, and says where it comes from', (name) => {
    expect(() =>
      runTool('docker-compose', ['--file', 'docker-compose.yml', 'config'], { ...secrets, [name]: '' }),
    ).toThrow(new RegExp(`set ${name}, .*tools/deploy/compose-secrets.sh`));
  });

  it('runs sentry on the trust bundle of compose-secrets.sh, and placement and scheduler with mTLS on that root', () => {
    const credentials = '/var/run/dapr/credentials';
    expect(flags(services.sentry.command)).toMatchObject({
      'issuer-credentials': credentials,
      port: String(definition.sentry.port),
    });
    expect(services.sentry.volumes).toEqual(
      expect.arrayContaining(
        ['ca.crt', 'issuer.crt', 'issuer.key'].map((file) => `${join(secretsDir, file)}:${credentials}/${file}:ro`),
      ),
    );
    for (const name of ['placement', 'scheduler']) {
      expect(flags(services[name].command)).toMatchObject({
        'tls-enabled': '',
        'trust-anchors-file': `${credentials}/ca.crt`,
        'sentry-address': `127.0.0.1:${definition.sentry.port}`,
      });
      expect(services[name].volumes).toContain(`${join(secretsDir, 'ca.crt')}:${credentials}/ca.crt:ro`);
    }
  });

  it("runs Redis with the password of compose-secrets.sh's redis.conf, not on its command line", () => {
    const [server, configFile] = services.redis.command ?? [];
    expect({ server, configFile }).toEqual({ server: 'redis-server', configFile: '/usr/local/etc/redis/redis.conf' });
    expect(services.redis.volumes).toContain(`${join(secretsDir, 'redis.conf')}:${configFile}:ro`);
    expect(readFileSync(join(secretsDir, 'redis.conf'), 'utf8')).toBe(`requirepass "${secrets.REDIS_PASSWORD}"\n`);
    expect(services.redis.command?.join(' ')).not.toContain(secrets.REDIS_PASSWORD);
  });

  it("sends every app's spans, and (through components/configuration.yaml) every sidecar's, to its Jaeger", () => {
    const daprConfiguration = parse(readFileSync(join(ROOT_DIR, 'components/configuration.yaml'), 'utf8')) as {
      spec: { tracing: { otel: { endpointAddress: string } } };
    };
    expect(daprConfiguration.spec.tracing.otel.endpointAddress).toBe('localhost:4318');
    for (const app of definition.apps) {
      expect(services[app.appId].environment?.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://127.0.0.1:4318');
    }
    expect(services.jaeger.network_mode).toBe('service:network');
  });

  it('shares one network namespace, which publishes every app and sidecar HTTP port', () => {
    const shared = Object.entries(services).filter(([, service]) => service.network_mode === 'service:network');
    expect(shared.map(([name]) => name).sort()).toEqual(
      Object.keys(services)
        .filter((name) => !['network', 'volume-init'].includes(name))
        .sort(),
    );
    const published = (services.network.ports ?? []).map((port) =>
      typeof port === 'string' ? Number(port.split(':')[0]) : Number(port.published),
    );
    expect(published).toEqual(
      expect.arrayContaining(definition.apps.flatMap((app) => [app.appPort, app.daprHttpPort])),
    );
  });

  it('provisions prometheus and grafana with the files of deploy/', () => {
    expect(services.prometheus.volumes).toContain(
      `${join(ROOT_DIR, 'deploy/prometheus/prometheus.yml')}:/etc/prometheus/prometheus.yml:ro`,
    );
    const grafanaMounts = (services.grafana.volumes ?? []).map((volume) => volume.split(':')[0]);
    expect(grafanaMounts).toEqual(
      expect.arrayContaining([
        join(ROOT_DIR, 'deploy/grafana/provisioning'),
        join(ROOT_DIR, 'deploy/grafana/dashboards'),
      ]),
    );
    expect(statSync(join(ROOT_DIR, 'deploy/grafana/dashboards')).isDirectory()).toBe(true);
  });
});

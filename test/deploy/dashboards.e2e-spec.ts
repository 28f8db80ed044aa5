import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadStackDefinition } from '../../tools/stack/stack-definition';
import { eventually } from '../support/eventually';
import { ROOT_DIR, startE2eStack, type E2eStack } from '../support/e2e-stack';
import { definedInSource, pendingIn } from './support/pending-metrics';
import { relocatedPrometheusConfig, startPrometheus, type PrometheusServer } from './support/prometheus-server';

interface Dashboard {
  uid: string;
  title: string;
  panels: { title: string; datasource: { uid: string }; targets: { expr: string; refId: string }[] }[];
}

const DASHBOARD_DIR = join(ROOT_DIR, 'deploy/grafana/dashboards');
const dashboards = readdirSync(DASHBOARD_DIR)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, ...(JSON.parse(readFileSync(join(DASHBOARD_DIR, file), 'utf8')) as Dashboard) }));

/** A panel's query as Grafana sends it with every app selected. */
const asQuery = (expr: string): string => expr.replaceAll('$__rate_interval', '1m').replaceAll('$app', '.*');

const json = { 'content-type': 'application/json' };

describe('Grafana dashboards', () => {
  it('are provisioned for compose and for Kubernetes, with unique uids, on the Prometheus datasource', () => {
    const generator = parse(readFileSync(join(ROOT_DIR, 'deploy/grafana/kustomization.yaml'), 'utf8')) as {
      configMapGenerator: { name: string; files: string[] }[];
    };
    const inConfigMap = generator.configMapGenerator.find((map) => map.name === 'grafana-dashboards')?.files;
    expect(inConfigMap?.sort()).toEqual(dashboards.map(({ file }) => `dashboards/${file}`).sort());
    expect(new Set(dashboards.map(({ uid }) => uid)).size).toBe(dashboards.length);
    for (const panel of dashboards.flatMap(({ panels }) => panels)) {
      expect({ panel: panel.title, datasource: panel.datasource.uid }).toEqual({
        panel: panel.title,
        datasource: 'prometheus',
      });
      expect(panel.targets.length).toBeGreaterThan(0);
    }
  });
});

describe('every dashboard panel on the running stack', () => {
  let e2e: E2eStack;
  let prometheus: PrometheusServer;
  let dir: string;

  beforeAll(async () => {
    e2e = await startE2eStack({
      env: {
        SIMULATE_FAILURE: 'true',
        FAULT_INJECTION_ENABLED: 'true',
        CHAT_CLEAR_HISTORY_AFTER: '1s',
        CHAT_HEARTBEAT_PERIOD: '1s',
        CHAT_HEARTBEAT_QUIET_AFTER: '2s',
        ACTOR_IDLE_TIMEOUT: '3s',
        ACTOR_SCAN_INTERVAL: '1s',
      },
    });
    dir = mkdtempSync(join(tmpdir(), 'daca-prometheus-'));
    prometheus = await startPrometheus(
      relocatedPrometheusConfig(loadStackDefinition(ROOT_DIR), e2e.definition),
      dir,
      e2e.logDir,
    );
    await eventually(
      'Prometheus to scrape every app, sidecar, placement and scheduler',
      () => prometheus.query('up == 1'),
      (up) => up.length === 2 * e2e.definition.apps.length + 2,
    );

    // The failure scenario: the callee fails the first two calls of each round, the caller's
    // sidecar retries them (resiliency.yaml); chat-agent's state store fails once and is retried.
    const caller = e2e.app('caller-app').url;
    const chat = e2e.app('chat-agent').url;
    const greeted = await fetch(`${caller}/call-greet/Ann`);
    expect(await greeted.json()).toEqual({ message: 'Hello, Ann from callee-app!' });
    await fetch(`${chat}/faults/state`, { method: 'PUT', headers: json, body: JSON.stringify({ failNext: 1 }) });
    for (const actor of ['alice', 'bob']) {
      const sent = await fetch(`${chat}/chat/${actor}`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ role: 'user', content: 'Hi there' }),
      });
      expect(sent.status).toBe(200);
    }
    expect((await fetch(`${chat}/chat/alice/analyze`, { method: 'POST' })).status).toBe(200);
    if (definedInSource('daca_jobs_total')) {
      expect((await fetch(`${caller}/call-greet/Bo/jobs`, { method: 'POST' })).status).toBe(202);
    }
  });

  afterAll(async () => {
    await prometheus?.stop();
    await e2e?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const panels = dashboards.flatMap((dashboard) =>
    dashboard.panels.flatMap((panel) =>
      panel.targets.map((target) => ({
        name: `${dashboard.title} / ${panel.title} / ${target.refId}`,
        expr: target.expr,
      })),
    ),
  );

  it('returns data for every query, but those of metrics still to be merged', async () => {
    const checked = panels.filter(({ expr }) => pendingIn(expr).length === 0);
    expect(checked.length).toBeGreaterThan(20);
    const empty: string[] = [];
    for (const { name, expr } of checked) {
      const result = await eventually(
        name,
        () => prometheus.query(asQuery(expr)),
        (series) => series.length > 0,
        30_000,
      ).catch(() => []);
      if (result.length === 0) empty.push(`${name}: ${asQuery(expr)}`);
    }
    expect(empty).toEqual([]);
  });

  it('shows the retries of the failure scenario on both tiers', async () => {
    const sidecar = await prometheus.query('sum by (app, policy, target) (dapr_resiliency_activations_total)');
    expect(sidecar.map(({ metric }) => metric)).toEqual([
      { app: 'caller-app', policy: 'retry', target: 'app_callee-app' },
    ]);
    expect(Number(sidecar[0].value[1])).toBeGreaterThan(0);
    const app = await prometheus.query('sum by (app, target, outcome) (daca_retry_attempts_total{outcome="retry"})');
    expect(app).toEqual([
      {
        metric: { app: 'chat-agent', target: 'actorstate/ChatAgent', outcome: 'retry' },
        value: [expect.any(Number), '1'],
      },
    ]);
  });

  it('keeps actor ids out of every label (pathMatching)', async () => {
    expect(await prometheus.query('count({path=~".*(alice|bob|Ann).*"})')).toEqual([]);
    expect(await prometheus.query('count({route=~".*(alice|bob|Ann).*"})')).toEqual([]);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { eventually } from '../support/eventually';
import { ROOT_DIR, startE2eStack, type E2eStack } from '../support/e2e-stack';
import { startPrometheusFor, type PrometheusServer } from './support/prometheus-server';

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
    prometheus = await startPrometheusFor(e2e);
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
    expect((await fetch(`${caller}/call-greet/Bo/jobs`, { method: 'POST' })).status).toBe(202);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await e2e?.stop();
  });

  const panels = dashboards.flatMap((dashboard) =>
    dashboard.panels.flatMap((panel) =>
      panel.targets.map((target) => ({
        name: `${dashboard.title} / ${panel.title} / ${target.refId}`,
        expr: target.expr,
      })),
    ),
  );

  it('returns data for every query', async () => {
    const checked = panels;
    expect(checked.length).toBeGreaterThan(20);
    // All queries polled together, so that a failure lists every empty panel within the test's time.
    const emptyPanels = async () => {
      const results = await Promise.all(checked.map(({ expr }) => prometheus.query(asQuery(expr))));
      return checked
        .filter((_, index) => results[index].length === 0)
        .map(({ name, expr }) => `${name}: ${asQuery(expr)}`);
    };
    let empty: string[] = [];
    await eventually(
      'every panel query to return data',
      async () => (empty = await emptyPanels()),
      (names) => names.length === 0,
      30_000,
    ).catch(() => undefined);
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

  it("measures the actors' chain depth, reminder lateness and active count as the scenario drove them", async () => {
    // /analyze: ChatAgent → the workers → back into ChatAgent, one reentrant chain: entries at depth 2.
    const reentered = await prometheus.query(
      'sum(daca_actor_call_chain_depth_count{actor_type="ChatAgent"}) - sum(daca_actor_call_chain_depth_bucket{actor_type="ChatAgent", le="1"})',
    );
    expect(Number(reentered[0]?.value[1])).toBeGreaterThanOrEqual(2);
    // Each message's actor registered ClearHistory, due 1 s later: both deliveries timed, neither a minute late.
    const timed = await eventually(
      'the ClearHistory reminders of alice and bob to be timed',
      () => prometheus.query('sum(daca_actor_reminder_lateness_seconds_count{reminder="ClearHistory"})'),
      (result) => Number(result[0]?.value[1]) >= 2,
    );
    expect(timed).toHaveLength(1);
    const withinAMinute = await prometheus.query(
      'sum(daca_actor_reminder_lateness_seconds_bucket{reminder="ClearHistory", le="60"}) == sum(daca_actor_reminder_lateness_seconds_count{reminder="ClearHistory"})',
    );
    expect(withinAMinute).toHaveLength(1);
    // The gauge is activations minus deactivations, per replica.
    const drift = await prometheus.query(
      'sum by (instance) (daca_actor_activations_total) - sum by (instance) (daca_actors_active)' +
        // No deactivation yet: no deactivations series either.
        ' - (sum by (instance) (daca_actor_deactivations_total) or 0 * sum by (instance) (daca_actor_activations_total))',
    );
    expect(drift.map(({ value }) => Number(value[1]))).toEqual([0]);
  });

  it('keeps actor ids out of every label (pathMatching)', async () => {
    expect(await prometheus.query('count({path=~".*(alice|bob|Ann).*"})')).toEqual([]);
    expect(await prometheus.query('count({route=~".*(alice|bob|Ann).*"})')).toEqual([]);
  });
});

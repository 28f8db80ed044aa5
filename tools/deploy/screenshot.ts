/**
 * Makes the README's picture from real data: starts the stack (SIMULATE_FAILURE on) and Prometheus
 * with deploy/prometheus/prometheus.yml, drives the failure scenario for a while, and photographs
 * Prometheus's graphs of the retry metrics with headless Chromium (`apt-get install chromium`).
 *
 *   npm run build && npx tsx tools/deploy/screenshot.ts [docs/images/retries-after-failure.png]
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startPrometheusFor } from '../../test/deploy/support/prometheus-server';
import { ROOT_DIR, startE2eStack } from '../../test/support/e2e-stack';

const TRAFFIC_MS = 150_000;
const GRAPHS = [
  'sum by (app, policy, target) (increase(dapr_resiliency_activations_total[1m]))',
  'sum by (app, src_app_id, status) (increase(dapr_runtime_service_invocation_res_recv_total[1m]))',
  'sum by (app, target, outcome) (increase(daca_retry_attempts_total[1m]))',
];

async function loop(until: number, step: () => Promise<unknown>): Promise<void> {
  while (Date.now() < until) await step().catch(() => undefined);
}

async function main(): Promise<void> {
  const output = resolve(process.argv[2] ?? join(ROOT_DIR, 'docs/images/retries-after-failure.png'));
  const e2e = await startE2eStack({ env: { SIMULATE_FAILURE: 'true', FAULT_INJECTION_ENABLED: 'true' } });
  try {
    const prometheus = await startPrometheusFor(e2e);
    try {
      const caller = e2e.app('caller-app').url;
      const chat = e2e.app('chat-agent').url;
      const headers = { 'content-type': 'application/json' };
      const until = Date.now() + TRAFFIC_MS;
      console.error(`[screenshot] driving the failure scenario for ${TRAFFIC_MS / 1000}s`);
      let n = 0;
      await Promise.all([
        ...[1, 2, 3].map(() => loop(until, () => fetch(`${caller}/call-greet/Ann`))),
        loop(until, async () => {
          await fetch(`${chat}/faults/state`, { method: 'PUT', headers, body: JSON.stringify({ failNext: 1 }) });
          await fetch(`${chat}/chat/user-${n++ % 5}`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ role: 'user', content: 'Hi there' }),
          });
          await sleep(2_000);
        }),
      ]);
      const query = new URLSearchParams(
        GRAPHS.flatMap((expr, i): [string, string][] => [
          [`g${i}.expr`, expr],
          [`g${i}.tab`, '0'],
          [`g${i}.range_input`, '3m'],
        ]),
      );
      execFileSync(
        'chromium',
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--hide-scrollbars',
          '--window-size=1400,2450',
          '--virtual-time-budget=15000',
          `--screenshot=${output}`,
          `${prometheus.url}/classic/graph?${query.toString()}`,
        ],
        { stdio: 'inherit' },
      );
      console.error(`[screenshot] wrote ${output}`);
    } finally {
      await prometheus.stop();
    }
  } finally {
    await e2e.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * `npm run bench:invoke`: GET /greet/{name} of callee-app on one real stack, three ways, measured in
 * alternating rounds: straight to the callee (direct), through both sidecars (what Dapr service
 * invocation costs), and through caller-app's /call-greet (the whole path a client of the caller sees).
 * First throughput under a closed loop (autocannon), then latency at a fixed arrival rate (vegeta),
 * and what each hop adds to it; RSS after every round, cold start at the end.
 * Closed-loop rounds are counted in requests, not seconds: requests cut off at the end of a timed round
 * would count as failures for the sidecar's circuit breaker (16 of them open it) and spoil the next
 * round. vegeta waits for every answer, so its rounds are timed.
 */
import { parseArgs } from 'node:util';
import { startE2eStack, type E2eStack } from '../../test/support/e2e-stack';
import { coldStartMs } from '../support/app-process';
import { envCount, readCommandLine } from '../support/command-line';
import { describeFixedRate, fixedRate, medianFixedRate } from '../support/fixed-rate';
import { describeRound, load, medianRound } from '../support/load';
import { measureInRounds } from '../support/rounds';
import { RssTrail } from '../support/rss-trail';

const USAGE = `usage: npm run bench:invoke [-- --help]
  GET /greet/bench of callee-app direct, through both sidecars, and through caller-app's /call-greet:
  throughput under a closed loop, latency at a fixed arrival rate and what each hop adds, RSS after
  every round, cold start. Environment:
  BENCH_ROUNDS          rounds of each measurement, in alternating order (default 3)
  BENCH_ROUND_REQUESTS  requests of a closed-loop (autocannon) round (default 20000)
  BENCH_CONNECTIONS     autocannon's connections (default 16)
  BENCH_INVOKE_RATE     fixed arrival rate in requests/s (default 500)
  BENCH_RATE_SECONDS    length of a fixed-rate (vegeta) round (default 10)`;

/** The goal for what caller-app's /call-greet adds over the bare sidecar path, at p90. */
const CALLER_P90_GOAL_MS = 0.5;

const log = (line: string): void => void process.stdout.write(`[bench:invoke] ${line}\n`);

type Config = ReturnType<typeof readConfig>;

function readConfig(args: string[]) {
  parseArgs({ args, options: {} });
  return {
    rounds: envCount('BENCH_ROUNDS', 3),
    roundRequests: envCount('BENCH_ROUND_REQUESTS', 20_000),
    connections: envCount('BENCH_CONNECTIONS', 16),
    rate: envCount('BENCH_INVOKE_RATE', 500),
    rateSeconds: envCount('BENCH_RATE_SECONDS', 10),
  };
}

/** Two decimals: what a table shows of a latency in ms. */
const ms = (value: number): number => Math.round(value * 100) / 100;

async function bench(e2e: E2eStack, config: Config): Promise<void> {
  const paths = {
    direct: { url: `${e2e.app('callee-app').url}/greet/bench`, appId: 'callee-app', headers: {} },
    sidecars: {
      url: `${e2e.app('caller-app').sidecarUrl}/v1.0/invoke/callee-app/method/greet/bench`,
      appId: 'callee-app',
      headers: e2e.app('caller-app').sidecarHeaders,
    },
    'caller-app': { url: `${e2e.app('caller-app').url}/call-greet/bench`, appId: 'caller-app', headers: {} },
  };
  const names = Object.keys(paths) as (keyof typeof paths)[];
  const rss = new RssTrail();
  /** Measures one path, then reads the RSS of the app at its end: what that app holds after the round. */
  const perPath = <T>(measure: (url: string, headers: Record<string, string>) => Promise<T>) =>
    Object.fromEntries(
      names.map((name) => {
        const { url, appId, headers } = paths[name];
        return [name, async () => ({ ...(await measure(url, headers)), rssMb: rss.read(appId, e2e, appId) })];
      }),
    );

  for (const name of names) {
    log(`warming up ${name}: ${paths[name].url}`);
    await load(paths[name].url, { connections: config.connections, amount: 2_000, headers: paths[name].headers });
  }

  const saturation = await measureInRounds(
    perPath((url, headers) => load(url, { connections: config.connections, amount: config.roundRequests, headers })),
    { rounds: config.rounds, log, describe: (round) => `${describeRound(round)}, RSS ${round.rssMb} MB` },
  );
  const summary = Object.fromEntries(names.map((name) => [name, medianRound(saturation[name])]));
  console.table(
    Object.fromEntries(
      names.map((name) => [name, { ...summary[name], 'RSS MB (last round)': saturation[name].at(-1)?.rssMb }]),
    ),
  );
  const ratio = (name: string): string =>
    (summary.direct.requestsPerSecond / summary[name].requestsPerSecond).toFixed(2);
  const extraP50 = (name: string): number => summary[name].p50 - summary.direct.p50;
  log(
    `sidecar overhead: direct serves ${ratio('sidecars')}x the requests/s of the path through both sidecars ` +
      `(+${extraP50('sidecars')} ms at p50), ${ratio('caller-app')}x that of caller-app's /call-greet ` +
      `(+${extraP50('caller-app')} ms) — ${config.rounds} rounds of ${config.roundRequests} requests, ` +
      `${config.connections} connections; medians`,
  );

  const fixed = await measureInRounds(
    perPath((url, headers) =>
      fixedRate([{ method: 'GET', url, headers }], { rate: config.rate, seconds: config.rateSeconds }),
    ),
    { rounds: config.rounds, log, describe: (round) => `${describeFixedRate(round)}, RSS ${round.rssMb} MB` },
  );
  const latency = Object.fromEntries(names.map((name) => [name, medianFixedRate(fixed[name])]));
  console.table(
    Object.fromEntries(
      names.map((name) => {
        const { achievedRate, p50, p90, p99, success } = latency[name];
        return [
          name,
          {
            'sent (req/s)': Math.round(achievedRate),
            'p50 (ms)': ms(p50),
            'p90 (ms)': ms(p90),
            'p99 (ms)': ms(p99),
            'ok (%)': Math.round(success * 1000) / 10,
            'RSS MB (last round)': fixed[name].at(-1)?.rssMb,
          },
        ];
      }),
    ),
  );
  const added = (to: keyof typeof paths, over: keyof typeof paths): string =>
    `+${(latency[to].p90 - latency[over].p90).toFixed(2)} ms at p90, +${(latency[to].p99 - latency[over].p99).toFixed(2)} ms at p99`;
  log(
    `added latency per hop at ${config.rate} req/s (medians of ${config.rounds} rounds of ${config.rateSeconds}s): ` +
      `both sidecars over direct ${added('sidecars', 'direct')}; caller-app over both sidecars ` +
      `${added('caller-app', 'sidecars')} (goal: ≤ +${CALLER_P90_GOAL_MS} ms at p90)`,
  );
  log(rss.describe());

  const coldStart = {
    'callee-app': await coldStartMs(e2e, 'callee-app', '/health/ready'),
    'caller-app': await coldStartMs(e2e, 'caller-app', '/health/ready'),
  };
  log(
    `cold start, spawn to /health/ready answering 200 (goal ≤ 1500 ms): ` +
      Object.entries(coldStart)
        .map(([appId, took]) => `${appId} ${took.toFixed(0)} ms`)
        .join(', '),
  );
}

async function main(): Promise<void> {
  const config = readCommandLine(USAGE, readConfig);
  log('starting callee-app and caller-app with their sidecars');
  const e2e = await startE2eStack({ apps: ['callee-app', 'caller-app'] });
  try {
    await bench(e2e, config);
  } finally {
    await e2e.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`[bench:invoke] failed: ${(error as Error).message}`);
  process.exitCode = 1;
});

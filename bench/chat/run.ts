/**
 * `npm run bench:chat`: POST /chat/{actorId} over many actor ids against chat-agent (NestJS, libs/dapr)
 * and against the same actor logic on a plain @dapr/dapr DaprServer, each on its own real stack,
 * measured in alternating rounds so that both see the same machine: throughput under a closed loop
 * (autocannon), then latency at fixed arrival rates (vegeta), which a closed loop hides (a slow answer
 * holds back the next request, so queueing never shows); RSS after every round, cold start at the end.
 */
import type { Request } from 'autocannon';
import { parseArgs } from 'node:util';
import type { E2eStack } from '../../test/support/e2e-stack';
import { coldStartMs, cpuMs } from '../support/app-process';
import { envCount, envCounts, readCommandLine } from '../support/command-line';
import { describeFixedRate, fixedRate, medianFixedRate, type FixedRateTarget } from '../support/fixed-rate';
import { describeRound, load, medianRound } from '../support/load';
import { measureInRounds, median } from '../support/rounds';
import { RssTrail } from '../support/rss-trail';
import { startChatStacks, stopChatStacks, type ChatStacks } from './chat-stacks';

const USAGE = `usage: npm run bench:chat [-- --help]
  POST /chat/{id} against chat-agent (NestJS) and the plain @dapr/dapr baseline, side by side: throughput
  under a closed loop, latency at fixed arrival rates, RSS after every round, cold start. Environment:
  BENCH_ROUNDS         rounds of each measurement, in alternating order (default 3)
  BENCH_ROUND_SECONDS  length of a closed-loop (autocannon) round (default 10)
  BENCH_CONNECTIONS    autocannon's connections (default 16)
  BENCH_ACTOR_IDS      actor ids the requests cycle through (default 500)
  BENCH_RATES          fixed arrival rates in requests/s, comma-separated (default 100,200,400)
  BENCH_RATE_SECONDS   length of a fixed-rate (vegeta) round (default 10)`;

/** Dapr's published actor figures as issue 11 quotes them (docs, "Actors activation performance"), beside ours. */
const DAPR_REFERENCE = { label: '500 req/s Dapr published (8 cores)', p90: 2.98, p99: 6.89 };
/** The goal for the fixed-rate p99 of chat-agent over the baseline's. */
const P99_RATIO_GOAL = 1.2;

const log = (line: string): void => void process.stdout.write(`[bench:chat] ${line}\n`);

type Config = ReturnType<typeof readConfig>;

function readConfig(args: string[]) {
  parseArgs({ args, options: {} });
  return {
    rounds: envCount('BENCH_ROUNDS', 3),
    roundSeconds: envCount('BENCH_ROUND_SECONDS', 10),
    connections: envCount('BENCH_CONNECTIONS', 16),
    actorIds: envCount('BENCH_ACTOR_IDS', 500),
    rates: envCounts('BENCH_RATES', [100, 200, 400]),
    rateSeconds: envCount('BENCH_RATE_SECONDS', 10),
  };
}

const BODY = JSON.stringify({ role: 'user', content: 'How are you today?' });

function chatRequests(actorIds: number): Request[] {
  let next = 0;
  return [
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: BODY,
      setupRequest: (request) => ({ ...request, path: `/chat/bench-${(next += 1) % actorIds}` }),
    },
  ];
}

function chatTargets(stack: E2eStack, actorIds: number): FixedRateTarget[] {
  return Array.from({ length: actorIds }, (_, id) => ({
    method: 'POST',
    url: `${stack.app('chat-agent').url}/chat/bench-${id}`,
    headers: { 'content-type': 'application/json' },
    body: BODY,
  }));
}

/** Two decimals: what a table shows of a latency in ms. */
const ms = (value: number): number => Math.round(value * 100) / 100;

async function bench(stacks: ChatStacks, config: Config): Promise<void> {
  const rss = new RssTrail();
  const names = ['nest', 'baseline'] as const;
  /** Runs `measure` on one stack, then reads its app's RSS: what the app holds at the end of the round. */
  const withRss =
    <T>(name: (typeof names)[number], measure: (stack: E2eStack) => Promise<T>) =>
    async () => ({ ...(await measure(stacks[name])), rssMb: rss.read(name, stacks[name], 'chat-agent') });
  const chat = (stack: E2eStack, seconds: number) =>
    load(stack.app('chat-agent').url, {
      connections: config.connections,
      seconds,
      requests: chatRequests(config.actorIds),
    });
  /** A closed-loop round, with the CPU time the app spent per request served. */
  const chatRound = async (stack: E2eStack) => {
    const cpuBefore = cpuMs(stack, 'chat-agent');
    const round = await chat(stack, config.roundSeconds);
    const served = round.requestsPerSecond * config.roundSeconds;
    return { ...round, cpuMsPerRequest: (cpuMs(stack, 'chat-agent') - cpuBefore) / served };
  };

  for (const name of names) {
    log(`warming up ${name}`);
    await chat(stacks[name], 3);
  }

  const saturation = await measureInRounds(Object.fromEntries(names.map((name) => [name, withRss(name, chatRound)])), {
    rounds: config.rounds,
    log,
    describe: (round) =>
      `${describeRound(round)}, app CPU ${round.cpuMsPerRequest.toFixed(2)} ms/request, RSS ${round.rssMb} MB`,
  });
  const cpuPerRequest = (name: (typeof names)[number]) =>
    ms(median(saturation[name].map((round) => round.cpuMsPerRequest)));
  console.table(
    Object.fromEntries(
      names.map((name) => [
        name,
        {
          ...medianRound(saturation[name]),
          'app CPU ms/request': cpuPerRequest(name),
          'RSS MB (last round)': saturation[name].at(-1)?.rssMb,
        },
      ]),
    ),
  );
  const ratio = medianRound(saturation.nest).requestsPerSecond / medianRound(saturation.baseline).requestsPerSecond;
  log(
    `NestJS/libs/dapr throughput is ${(ratio * 100).toFixed(1)}% of plain @dapr/dapr ` +
      `(${config.rounds} rounds of ${config.roundSeconds}s, ${config.connections} connections, ${config.actorIds} actor ids; medians); ` +
      `the app process spends ${cpuPerRequest('nest')} ms of CPU per request, the baseline's ${cpuPerRequest('baseline')} ms`,
  );

  const rows: Record<string, Record<string, number>> = {};
  for (const rate of config.rates) {
    const rounds = await measureInRounds(
      Object.fromEntries(
        names.map((name) => [
          name,
          withRss(name, (stack) =>
            fixedRate(chatTargets(stack, config.actorIds), { rate, seconds: config.rateSeconds }),
          ),
        ]),
      ),
      { rounds: config.rounds, log, describe: (round) => `${describeFixedRate(round)}, RSS ${round.rssMb} MB` },
    );
    const result = { nest: medianFixedRate(rounds.nest), baseline: medianFixedRate(rounds.baseline) };
    for (const name of names) {
      rows[`${rate} req/s ${name}`] = {
        'sent (req/s)': Math.round(result[name].achievedRate),
        'p50 (ms)': ms(result[name].p50),
        'p90 (ms)': ms(result[name].p90),
        'p99 (ms)': ms(result[name].p99),
        'ok (%)': Math.round(result[name].success * 1000) / 10,
        ...(name === 'nest' && { 'p99 nest/baseline': ms(result.nest.p99 / result.baseline.p99) }),
      };
    }
  }
  rows[DAPR_REFERENCE.label] = { 'p90 (ms)': DAPR_REFERENCE.p90, 'p99 (ms)': DAPR_REFERENCE.p99 };
  console.table(rows);
  log(
    `fixed arrival rates: medians of ${config.rounds} rounds of ${config.rateSeconds}s over ${config.actorIds} actor ids ` +
      `(goal: p99 nest/baseline ≤ ${P99_RATIO_GOAL}x); the last row is Dapr's own actor benchmark, for scale`,
  );
  log(rss.describe());

  const coldStart = {
    nest: await coldStartMs(stacks.nest, 'chat-agent', '/health/ready'),
    // The baseline has no readiness endpoint: serving is all it reports.
    baseline: await coldStartMs(stacks.baseline, 'chat-agent', '/health/live'),
  };
  log(
    `cold start, spawn to ready (goal ≤ 1500 ms): nest ${coldStart.nest.toFixed(0)} ms (/health/ready), ` +
      `baseline ${coldStart.baseline.toFixed(0)} ms (/health/live)`,
  );
}

async function main(): Promise<void> {
  const config = readCommandLine(USAGE, readConfig);
  let stacks: ChatStacks | undefined;
  try {
    stacks = await startChatStacks(log);
    await bench(stacks, config);
  } finally {
    await stopChatStacks(stacks);
  }
}

main().catch((error: unknown) => {
  console.error(`[bench:chat] failed: ${(error as Error).message}`);
  process.exitCode = 1;
});

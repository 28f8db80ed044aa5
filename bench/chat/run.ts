/**
 * `npm run bench:chat`: POST /chat/{actorId} over many actor ids against chat-agent (NestJS, libs/dapr)
 * and against the same actor logic on a plain @dapr/dapr DaprServer, each on its own real stack,
 * measured in alternating rounds so that both see the same machine.
 */
import autocannon from 'autocannon';
import { startE2eStack, type E2eStack } from '../../test/support/e2e-stack';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ACTOR_IDS = Number(process.env.BENCH_ACTOR_IDS ?? 500);

interface Round {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

const log = (line: string): void => void process.stdout.write(`[bench:chat] ${line}\n`);

function load(url: string, seconds: number): Promise<Round> {
  let next = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ role: 'user', content: 'How are you today?' }),
            setupRequest: (request) => ({ ...request, path: `/chat/bench-${(next += 1) % ACTOR_IDS}` }),
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error as Error);
        resolve({
          requestsPerSecond: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors + result.non2xx,
        });
      },
    );
  });
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const stacks: Record<string, E2eStack> = {};
  try {
    log('starting chat-agent (NestJS + libs/dapr) on its own stack');
    // No reminder or heartbeat firing during the rounds: the baseline has none.
    stacks.nest = await startE2eStack({
      apps: ['chat-agent'],
      env: { CHAT_CLEAR_HISTORY_AFTER: '1h', CHAT_HEARTBEAT_PERIOD: '1h' },
    });
    log('starting the baseline (plain @dapr/dapr DaprServer) on its own stack');
    stacks.baseline = await startE2eStack({
      apps: ['chat-agent'],
      commands: { 'chat-agent': ['node', '--import', 'tsx', 'bench/chat/baseline-server.ts'] },
    });
    const results: Record<string, Round[]> = { nest: [], baseline: [] };
    for (const name of ['nest', 'baseline']) {
      log(`warming up ${name}`);
      await load(stacks[name].app('chat-agent').url, 3);
    }
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const name of round % 2 === 1 ? ['nest', 'baseline'] : ['baseline', 'nest']) {
        const result = await load(stacks[name].app('chat-agent').url, ROUND_SECONDS);
        results[name].push(result);
        log(
          `round ${round}/${ROUNDS} ${name}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}`,
        );
      }
    }
    const summary = Object.fromEntries(
      Object.entries(results).map(([name, rounds]) => [
        name,
        {
          requestsPerSecond: median(rounds.map((round) => round.requestsPerSecond)),
          p50: median(rounds.map((round) => round.p50)),
          p99: median(rounds.map((round) => round.p99)),
          errors: rounds.reduce((total, round) => total + round.errors, 0),
        },
      ]),
    );
    const ratio = summary.nest.requestsPerSecond / summary.baseline.requestsPerSecond;
    console.table(summary);
    log(
      `NestJS/libs/dapr throughput is ${(ratio * 100).toFixed(1)}% of plain @dapr/dapr ` +
        `(${ROUNDS} rounds of ${ROUND_SECONDS}s, ${CONNECTIONS} connections, ${ACTOR_IDS} actor ids; medians)`,
    );
  } finally {
    await Promise.all(Object.values(stacks).map((stack) => stack.stop()));
  }
}

main().catch((error: unknown) => {
  console.error(`[bench:chat] failed: ${(error as Error).message}`);
  process.exitCode = 1;
});

/**
 * `npm run bench:chat`: POST /chat/{actorId} over many actor ids against chat-agent (NestJS, libs/dapr)
 * and against the same actor logic on a plain @dapr/dapr DaprServer, each on its own real stack,
 * measured in alternating rounds so that both see the same machine.
 */
import type { Request } from 'autocannon';
import { startE2eStack, type E2eStack } from '../../test/support/e2e-stack';
import { load } from '../support/load';
import { measureInRounds } from '../support/rounds';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ACTOR_IDS = Number(process.env.BENCH_ACTOR_IDS ?? 500);

const log = (line: string): void => void process.stdout.write(`[bench:chat] ${line}\n`);

function chatRequests(): Request[] {
  let next = 0;
  return [
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'user', content: 'How are you today?' }),
      setupRequest: (request) => ({ ...request, path: `/chat/bench-${(next += 1) % ACTOR_IDS}` }),
    },
  ];
}

const chat = (stack: E2eStack, seconds: number) =>
  load(stack.app('chat-agent').url, { connections: CONNECTIONS, seconds, requests: chatRequests() });

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
    for (const name of ['nest', 'baseline']) {
      log(`warming up ${name}`);
      await chat(stacks[name], 3);
    }
    const summary = await measureInRounds(
      { nest: () => chat(stacks.nest, ROUND_SECONDS), baseline: () => chat(stacks.baseline, ROUND_SECONDS) },
      { rounds: ROUNDS, log },
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

/**
 * `npm run bench:chat`: POST /chat/{actorId} over many actor ids against chat-agent (NestJS, libs/dapr)
 * and against the same actor logic on a plain @dapr/dapr DaprServer, each on its own real stack,
 * measured in alternating rounds so that both see the same machine.
 */
import type { Request } from 'autocannon';
import type { E2eStack } from '../../test/support/e2e-stack';
import { load } from '../support/load';
import { measureInRounds } from '../support/rounds';
import { startChatStacks, stopChatStacks, type ChatStacks } from './chat-stacks';

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
  let stacks: ChatStacks | undefined;
  try {
    stacks = await startChatStacks(log);
    const { nest, baseline } = stacks;
    for (const [name, stack] of Object.entries(stacks)) {
      log(`warming up ${name}`);
      await chat(stack, 3);
    }
    const summary = await measureInRounds(
      { nest: () => chat(nest, ROUND_SECONDS), baseline: () => chat(baseline, ROUND_SECONDS) },
      { rounds: ROUNDS, log },
    );
    const ratio = summary.nest.requestsPerSecond / summary.baseline.requestsPerSecond;
    console.table(summary);
    log(
      `NestJS/libs/dapr throughput is ${(ratio * 100).toFixed(1)}% of plain @dapr/dapr ` +
        `(${ROUNDS} rounds of ${ROUND_SECONDS}s, ${CONNECTIONS} connections, ${ACTOR_IDS} actor ids; medians)`,
    );
  } finally {
    await stopChatStacks(stacks);
  }
}

main().catch((error: unknown) => {
  console.error(`[bench:chat] failed: ${(error as Error).message}`);
  process.exitCode = 1;
});

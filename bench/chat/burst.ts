/**
 * `npm run bench:burst`: the overload scenarios of test/chat/overload.e2e-spec.ts — 2,000 concurrent
 * requests over 2,000 actor ids, and 1,000 concurrent requests to one id, each with a probe to
 * another actor — against chat-agent and against the plain @dapr/dapr baseline, side by side, in
 * alternating order. Prints per burst what each answered, how fast, and what the state store holds.
 */
import { parseArgs } from 'node:util';
import { readCommandLine, whole } from '../support/command-line';
import { describeBurst, runChatBurst, type ChatBurstReport } from '../../test/chat/chat-burst';
import { startChatStacks, stopChatStacks, type ChatStacks } from './chat-stacks';

const USAGE = `usage: npm run bench:burst [-- --rounds N]
  Bursts of concurrent POST /chat/{id} against chat-agent and the plain @dapr/dapr baseline, side by side.
  --rounds N  rounds of both bursts on both stacks (default 2)
  --help      this text`;

const BURSTS = [
  { kind: '2000 over 2000 ids', requests: 2_000, actorIds: 2_000 },
  { kind: '1000 to one id', requests: 1_000, actorIds: 1 },
];

const log = (line: string): void => void process.stdout.write(`[bench:burst] ${line}\n`);

function row(stack: string, kind: string, report: ChatBurstReport) {
  return {
    stack,
    burst: kind,
    '200': report.answered[200] ?? 0,
    '429/503': (report.answered[429] ?? 0) + (report.answered[503] ?? 0),
    'other/none':
      report.requests - (report.answered[200] ?? 0) - (report.answered[429] ?? 0) - (report.answered[503] ?? 0),
    'all answered (ms)': Math.round(report.totalMs),
    'slowest refusal (ms)': Math.round(report.slowestRefusalMs),
    'probe p99 (ms)': Math.round(report.probe.p99Ms),
    'stored/acknowledged': `${report.stored}/${report.acknowledged}`,
  };
}

async function main(): Promise<void> {
  const chosen = readCommandLine(USAGE, (args) => {
    const { values } = parseArgs({ args, options: { rounds: { type: 'string', default: '2' } } });
    return { rounds: whole('--rounds', values.rounds) };
  });
  let stacks: ChatStacks | undefined;
  try {
    stacks = await startChatStacks(log, { CHAT_HISTORY_LIMIT: '4000', LOG_LEVEL: 'warn' });
    const rows = [];
    for (let round = 1; round <= chosen.rounds; round += 1) {
      const order = round % 2 === 1 ? (['nest', 'baseline'] as const) : (['baseline', 'nest'] as const);
      for (const burst of BURSTS) {
        for (const name of order) {
          const report = await runChatBurst(stacks[name].app('chat-agent'), {
            ...burst,
            name: `r${round}-${burst.actorIds}`,
          });
          log(`round ${round}/${chosen.rounds} ${name}, ${burst.kind}: ${describeBurst(report)}`);
          rows.push(row(name, burst.kind, report));
        }
      }
    }
    console.table(rows);
  } finally {
    await stopChatStacks(stacks);
  }
}

main().catch((error: unknown) => {
  console.error(`[bench:burst] failed: ${(error as Error).message}`);
  process.exitCode = 1;
});

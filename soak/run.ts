import { parseArgs } from 'node:util';
import { readCommandLine, whole } from '../bench/support/command-line';
import { startE2eStack } from '../test/support/e2e-stack';
import { waitForActorHosts } from '../test/scale-out/actor-hosts';
import { CHAT_REPLICAS, FAULT_KINDS, runSoak, soakEnvironment, type FaultKind, type SoakOptions } from './soak';
import { formatSoakReport } from './soak-report';

const USAGE = `usage: npm run soak -- [options]

Runs the whole stack with ${CHAT_REPLICAS} chat-agent replicas, sends mixed traffic at a fixed rate (chat messages,
history reads, /analyze chains, caller → callee greetings) and kills a random process with SIGKILL every
few seconds, starting it again after a pause. Then checks every acknowledged chat message against Redis
and every ConversationUpdated event against the subscribers' logs. Exits 1 if anything was lost.

options:
  --minutes <n>       how long the traffic runs (default 2; decimals allowed, e.g. 0.5)
  --rate <n>          requests per second (default 40)
  --fault-every <s>   seconds between the end of one fault and the next kill (default 8)
  --down <s>          seconds a killed process stays down (default 2)
  --faults <list>     what may be killed, from ${FAULT_KINDS.join(',')} (default all)
  --ids <n>           chat actor ids the messages are spread over (default 100)
  --seed <n>          seed of the fault sequence (default: random, printed)
  --ha                three placement and three scheduler nodes, as npm start -- --ha
  --help              this text`;

function readOptions(args: string[]): SoakOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      minutes: { type: 'string', default: '2' },
      rate: { type: 'string', default: '40' },
      'fault-every': { type: 'string', default: '8' },
      down: { type: 'string', default: '2' },
      faults: { type: 'string', default: FAULT_KINDS.join(',') },
      ids: { type: 'string', default: '100' },
      seed: { type: 'string', default: String(Math.floor(Math.random() * 1_000_000) + 1) },
      ha: { type: 'boolean', default: false },
    },
  });
  const minutes = Number(values.minutes);
  if (!(minutes > 0)) throw new Error(`--minutes: '${values.minutes}' is not a positive number`);
  const faults = values.faults.split(',').map((kind) => kind.trim());
  const unknown = faults.filter((kind) => !(FAULT_KINDS as readonly string[]).includes(kind));
  if (unknown.length > 0)
    throw new Error(`--faults: unknown ${unknown.join(', ')}; choose from ${FAULT_KINDS.join(', ')}`);
  return {
    durationMs: minutes * 60_000,
    ratePerS: whole('--rate', values.rate),
    faultEveryMs: whole('--fault-every', values['fault-every']) * 1000,
    downMs: whole('--down', values.down) * 1000,
    faults: faults as FaultKind[],
    actorIds: whole('--ids', values.ids),
    seed: whole('--seed', values.seed),
    ha: values.ha,
  };
}

async function main(): Promise<void> {
  const options = readCommandLine(USAGE, readOptions);
  const say = (line: string): void => void process.stdout.write(`[soak] ${line}\n`);
  say(`starting the stack with ${CHAT_REPLICAS} chat-agent replicas${options.ha ? ' and an HA control plane' : ''}`);
  const e2e = await startE2eStack({
    replicas: { 'chat-agent': CHAT_REPLICAS },
    ha: options.ha,
    env: soakEnvironment(options),
  });
  try {
    const replicas = Array.from({ length: CHAT_REPLICAS }, (_, index) => e2e.app('chat-agent', index + 1));
    await waitForActorHosts(e2e, replicas);
    say(
      `stack up (logs: ${e2e.logDir}); traffic at ${options.ratePerS}/s for ${options.durationMs / 60_000} min, seed ${options.seed}`,
    );
    const verdict = await runSoak(e2e, options, say);
    process.stdout.write(`${formatSoakReport(options, verdict)}\n`);
    process.exitCode = verdict.lostWrites.length > 0 || verdict.undeliveredEvents.length > 0 ? 1 : 0;
  } finally {
    await e2e.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[soak] failed: ${(error as Error).message}\n`);
  process.exit(1);
});

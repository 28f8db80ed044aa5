/**
 * `npm run bench:tracing`: what tracing costs chat-agent. Three stacks side by side, measured in
 * alternating rounds: tracing off (no OTLP endpoint: the SDK is not even loaded), the SDK started but
 * sampling nothing (its instrumentations' own cost), and sampling every request into Jaeger. Reports
 * per request the app's CPU time (what other load on the machine hardly moves), throughput and
 * latency under a closed loop, then each app's cold start.
 */
import { parseArgs } from 'node:util';
import { startE2eStack, type E2eStack } from '../../test/support/e2e-stack';
import { coldStartMs, cpuMs } from '../support/app-process';
import { envCount, readCommandLine } from '../support/command-line';
import { describeRound, load, medianRound } from '../support/load';
import { measureInRounds, median } from '../support/rounds';

const USAGE = `usage: npm run bench:tracing [-- --help]
  POST /chat/{id} against chat-agent with tracing off, with the SDK started but sampling nothing, and
  sampling everything into Jaeger, in alternating rounds: app CPU per request, throughput, latency,
  cold start. Environment:
  BENCH_ROUNDS         rounds of each measurement, in alternating order (default 5)
  BENCH_ROUND_SECONDS  length of a closed-loop (autocannon) round (default 10)
  BENCH_CONNECTIONS    autocannon's connections (default 16)
  BENCH_ACTOR_IDS      actor ids the requests cycle through (default 500)`;

const log = (line: string): void => void process.stdout.write(`[bench:tracing] ${line}\n`);

const MODES = {
  off: { tracing: false, env: {} },
  'on, sampling nothing': { tracing: true, env: { OTEL_TRACES_SAMPLER: 'always_off' } },
  'on, sampling everything': { tracing: true, env: { OTEL_TRACES_SAMPLER: 'always_on' } },
} as const;
type Mode = keyof typeof MODES;
type Stacks = Partial<Record<Mode, E2eStack>>;

function readConfig(args: string[]) {
  parseArgs({ args, options: {} });
  return {
    rounds: envCount('BENCH_ROUNDS', 5),
    roundSeconds: envCount('BENCH_ROUND_SECONDS', 10),
    connections: envCount('BENCH_CONNECTIONS', 16),
    actorIds: envCount('BENCH_ACTOR_IDS', 500),
  };
}
type Config = ReturnType<typeof readConfig>;

const BODY = JSON.stringify({ role: 'user', content: 'How are you today?' });

async function chatRound(stack: E2eStack, config: Config, seconds: number) {
  let next = 0;
  const cpuBefore = cpuMs(stack, 'chat-agent');
  const round = await load(stack.app('chat-agent').url, {
    connections: config.connections,
    seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: BODY,
        setupRequest: (request) => ({ ...request, path: `/chat/bench-${(next += 1) % config.actorIds}` }),
      },
    ],
  });
  return { ...round, cpuMsPerRequest: (cpuMs(stack, 'chat-agent') - cpuBefore) / (round.requestsPerSecond * seconds) };
}

async function bench(stacks: Record<Mode, E2eStack>, config: Config): Promise<void> {
  const modes = Object.keys(MODES) as Mode[];
  for (const mode of modes) {
    log(`warming up: tracing ${mode}`);
    await chatRound(stacks[mode], config, 3);
  }
  const rounds = await measureInRounds(
    Object.fromEntries(modes.map((mode) => [mode, () => chatRound(stacks[mode], config, config.roundSeconds)])),
    {
      rounds: config.rounds,
      log,
      describe: (round) => `${describeRound(round)}, app CPU ${round.cpuMsPerRequest.toFixed(3)} ms/request`,
    },
  );
  const cpu = (mode: Mode) => rounds[mode].map((round) => round.cpuMsPerRequest);
  const rows = Object.fromEntries(
    modes.map((mode) => [
      `tracing ${mode}`,
      {
        ...medianRound(rounds[mode]),
        'app CPU ms/request': Number(median(cpu(mode)).toFixed(3)),
        'rounds min-max': `${Math.min(...cpu(mode)).toFixed(3)}-${Math.max(...cpu(mode)).toFixed(3)}`,
        'CPU vs off': `${((median(cpu(mode)) / median(cpu('off')) - 1) * 100).toFixed(1)}%`,
      },
    ]),
  );
  console.table(rows);
  log(
    `medians of ${config.rounds} rounds of ${config.roundSeconds}s, ${config.connections} connections, ` +
      `${config.actorIds} actor ids; the app's CPU per request is the figure to compare: its daprd records spans ` +
      'of every request in both modes with tracing on, none with tracing off',
  );
  for (const mode of modes) {
    log(
      `cold start, spawn to ready, tracing ${mode}: ${(await coldStartMs(stacks[mode], 'chat-agent', '/health/ready')).toFixed(0)} ms`,
    );
  }
}

async function main(): Promise<void> {
  const config = readCommandLine(USAGE, readConfig);
  const stacks: Stacks = {};
  try {
    for (const [mode, { tracing, env }] of Object.entries(MODES) as [Mode, (typeof MODES)[Mode]][]) {
      log(`starting chat-agent with tracing ${mode} on its own stack`);
      // No reminder or heartbeat fires during the measurements.
      stacks[mode] = await startE2eStack({
        apps: ['chat-agent'],
        tracing,
        env: { CHAT_CLEAR_HISTORY_AFTER: '1h', CHAT_HEARTBEAT_PERIOD: '1h', ...env },
      });
    }
    await bench(stacks as Record<Mode, E2eStack>, config);
  } finally {
    await Promise.all(Object.values(stacks).map((stack) => stack.stop()));
  }
}

main().catch((error: unknown) => {
  console.error(`[bench:tracing] failed: ${(error as Error).message}`);
  process.exitCode = 1;
});

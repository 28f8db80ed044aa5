/**
 * `npm run bench:invoke`: GET /greet/{name} of callee-app on one real stack, three ways, measured in
 * alternating rounds: straight to the callee (direct), through both sidecars (what Dapr service
 * invocation costs), and through caller-app's /call-greet (the whole path a client of the caller sees).
 * Rounds are counted in requests, not seconds: requests cut off at the end of a timed round would count
 * as failures for the sidecar's circuit breaker (16 of them open it) and spoil the next round.
 */
import { startE2eStack } from '../../test/support/e2e-stack';
import { load } from '../support/load';
import { measureInRounds } from '../support/rounds';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROUND_REQUESTS = Number(process.env.BENCH_ROUND_REQUESTS ?? 20_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

const log = (line: string): void => void process.stdout.write(`[bench:invoke] ${line}\n`);

async function main(): Promise<void> {
  log('starting callee-app and caller-app with their sidecars');
  const e2e = await startE2eStack({ apps: ['callee-app', 'caller-app'] });
  try {
    const urls = {
      direct: `${e2e.app('callee-app').url}/greet/bench`,
      sidecars: `${e2e.app('caller-app').sidecarUrl}/v1.0/invoke/callee-app/method/greet/bench`,
      'caller-app': `${e2e.app('caller-app').url}/call-greet/bench`,
    };
    for (const [name, url] of Object.entries(urls)) {
      log(`warming up ${name}: ${url}`);
      await load(url, { connections: CONNECTIONS, amount: 2_000 });
    }
    const summary = await measureInRounds(
      Object.fromEntries(
        Object.entries(urls).map(([name, url]) => [
          name,
          () => load(url, { connections: CONNECTIONS, amount: ROUND_REQUESTS }),
        ]),
      ),
      { rounds: ROUNDS, log },
    );
    console.table(summary);
    const ratio = (name: string): string =>
      (summary.direct.requestsPerSecond / summary[name].requestsPerSecond).toFixed(2);
    const extraP50 = (name: string): number => summary[name].p50 - summary.direct.p50;
    log(
      `sidecar overhead: direct serves ${ratio('sidecars')}x the requests/s of the path through both sidecars ` +
        `(+${extraP50('sidecars')} ms at p50), ${ratio('caller-app')}x that of caller-app's /call-greet ` +
        `(+${extraP50('caller-app')} ms) — ${ROUNDS} rounds of ${ROUND_REQUESTS} requests, ${CONNECTIONS} connections; medians`,
    );
  } finally {
    await e2e.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`[bench:invoke] failed: ${(error as Error).message}`);
  process.exitCode = 1;
});

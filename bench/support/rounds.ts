import type { Round } from './load';

export interface RoundsOptions {
  rounds: number;
  log: (line: string) => void;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Measures every target in each round, in an order that alternates between rounds so that all see
 * the same machine, and returns per target the medians of its rounds (errors summed).
 */
export async function measureInRounds(
  targets: Record<string, () => Promise<Round>>,
  { rounds, log }: RoundsOptions,
): Promise<Record<string, Round>> {
  const names = Object.keys(targets);
  const results: Record<string, Round[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 1; round <= rounds; round += 1) {
    for (const name of round % 2 === 1 ? names : [...names].reverse()) {
      const result = await targets[name]();
      results[name].push(result);
      log(
        `round ${round}/${rounds} ${name}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}`,
      );
    }
  }
  return Object.fromEntries(
    names.map((name) => [
      name,
      {
        requestsPerSecond: Math.round(median(results[name].map((round) => round.requestsPerSecond))),
        p50: median(results[name].map((round) => round.p50)),
        p99: median(results[name].map((round) => round.p99)),
        errors: results[name].reduce((total, round) => total + round.errors, 0),
      },
    ]),
  );
}

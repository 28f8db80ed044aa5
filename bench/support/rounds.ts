export interface RoundsOptions<T> {
  rounds: number;
  log: (line: string) => void;
  /** What one round of one target measured, for its line in the log. */
  describe: (result: T) => string;
}

export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Measures every target in each round, in an order that alternates between rounds so that all see
 * the same machine, and returns per target the results of its rounds in order.
 */
export async function measureInRounds<T>(
  targets: Record<string, () => Promise<T>>,
  { rounds, log, describe }: RoundsOptions<T>,
): Promise<Record<string, T[]>> {
  const names = Object.keys(targets);
  const results: Record<string, T[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 1; round <= rounds; round += 1) {
    for (const name of round % 2 === 1 ? names : [...names].reverse()) {
      const result = await targets[name]();
      results[name].push(result);
      log(`round ${round}/${rounds} ${name}: ${describe(result)}`);
    }
  }
  return results;
}

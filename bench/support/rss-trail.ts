import type { E2eStack } from '../../test/support/e2e-stack';
import { rssMb } from './app-process';

/** The goal: no app above this RSS at the end of any round. */
const RSS_GOAL_MB = 150;

/** The RSS of apps at the end of every round, in order: growth from round to round would show a leak. */
export class RssTrail {
  private readonly series = new Map<string, number[]>();

  /** Reads the RSS of `appId` on `e2e` now, in MB, and appends it to the series of `name`. */
  read(name: string, e2e: E2eStack, appId: string): number {
    const mb = rssMb(e2e, appId);
    this.series.set(name, [...(this.series.get(name) ?? []), mb]);
    return mb;
  }

  /** Each series in order with its peak, against the goal. */
  describe(): string {
    const lines = [...this.series].map(
      ([name, values]) => `${name} ${values.join(' → ')} (peak ${Math.max(...values)})`,
    );
    return `RSS at the end of each round, MB (goal: ≤ ${RSS_GOAL_MB}, no growth): ${lines.join('; ')}`;
  }
}

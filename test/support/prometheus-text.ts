/**
 * The value of one series in a Prometheus text exposition (0 when absent): `name` and labels that
 * must all match, e.g. metricValue(text, 'daca_actor_calls_total', { method: 'ProcessMessage' }).
 * With several matching series, their sum.
 */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const seriesLabels = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key, value]),
    );
    if (Object.entries(labels).every(([key, value]) => seriesLabels[key] === value)) total += Number(match[3]);
  }
  return total;
}

/** Scrapes `url` and returns metricValue of the answer. */
export async function scrape(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  return metricValue(await (await fetch(url)).text(), name, labels);
}

import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { httpProbe, ManagedProcess } from '../../../tools/stack/managed-process';
import { freePorts } from '../../../tools/stack/ports';
import { loadStackDefinition, portsOf, type StackDefinition } from '../../../tools/stack/stack-definition';
import { ROOT_DIR, type E2eStack } from '../../support/e2e-stack';

interface ScrapeConfig {
  job_name: string;
  scrape_interval?: string;
  static_configs: { targets: string[]; labels: Record<string, string> }[];
}

/** Each port of the default stack (dapr.yaml) mapped to the same port of `relocated`, by its name. */
function portMap(base: StackDefinition, relocated: StackDefinition): Map<number, number> {
  const moved = new Map(portsOf(relocated).map(({ name, port }) => [name, port]));
  return new Map(
    portsOf(base).flatMap(({ name, port }): [number, number][] => {
      const to = moved.get(name);
      return to === undefined ? [] : [[port, to]];
    }),
  );
}

/**
 * deploy/prometheus/prometheus.yml pointed at a stack on other ports, scraping every second. Fails
 * on a target that is not a port of dapr.yaml: that file must scrape the stack and nothing else.
 */
function relocatedPrometheusConfig(base: StackDefinition, relocated: StackDefinition): string {
  const config = parse(readFileSync(join(ROOT_DIR, 'deploy/prometheus/prometheus.yml'), 'utf8')) as {
    global: Record<string, string>;
    scrape_configs: ScrapeConfig[];
  };
  const ports = portMap(base, relocated);
  config.global = { ...config.global, scrape_interval: '1s', evaluation_interval: '1s' };
  for (const job of config.scrape_configs) {
    for (const group of job.static_configs) {
      group.targets = group.targets.map((target) => {
        const port = ports.get(Number(target.split(':')[1]));
        if (port === undefined)
          throw new Error(`prometheus.yml job ${job.job_name}: ${target} is no port of dapr.yaml`);
        return `127.0.0.1:${port}`;
      });
    }
  }
  return stringify(config);
}

export interface PrometheusServer {
  url: string;
  stop(): Promise<void>;
  /** The result vector of an instant query. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** The exemplars of the series `expr` selects, over the last `windowMs`. */
  exemplars(expr: string, windowMs?: number): Promise<SeriesExemplars[]>;
}

export interface SeriesExemplars {
  seriesLabels: Record<string, string>;
  exemplars: { labels: Record<string, string>; value: string; timestamp: number }[];
}

async function apiResult<T>(url: string, what: string): Promise<T> {
  const response = await fetch(url);
  const body = (await response.json()) as { status: string; error?: string; data?: T };
  if (body.status !== 'success' || body.data === undefined) throw new Error(`${what} failed: ${body.error}`);
  return body.data;
}

/**
 * Debian's `prometheus` (scripts/setup.sh installs it) on a free port, scraping `e2e` with
 * deploy/prometheus/prometheus.yml; its data lives in the stack's directory, which e2e.stop() removes.
 * Stop it before the stack.
 */
export async function startPrometheusFor(e2e: E2eStack): Promise<PrometheusServer> {
  const dir = join(dirname(e2e.logDir), 'prometheus');
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, relocatedPrometheusConfig(loadStackDefinition(ROOT_DIR), e2e.definition));
  const { logDir } = e2e;
  const [port] = await freePorts(1);
  const url = `http://127.0.0.1:${port}`;
  const server = new ManagedProcess(
    {
      name: 'prometheus',
      command: 'prometheus',
      args: [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        // As deploy/ and k8s/ run it: exemplars (trace ids on request-duration buckets) are kept.
        '--enable-feature=exemplar-storage',
      ],
      health: httpProbe(`${url}/-/ready`),
    },
    (name, line) => appendFileSync(join(logDir, `${name}.log`), `${line}\n`),
  );
  server.start();
  await server.waitHealthy(30_000);
  return {
    url,
    stop: async () => {
      await server.stop();
    },
    async query(expr) {
      const params = new URLSearchParams({ query: expr });
      return (await apiResult<{ result: [] }>(`${url}/api/v1/query?${params.toString()}`, `query ${expr}`)).result;
    },
    exemplars(expr, windowMs = 5 * 60_000) {
      const end = Date.now() / 1000;
      const params = new URLSearchParams({ query: expr, start: String(end - windowMs / 1000), end: String(end) });
      return apiResult<SeriesExemplars[]>(`${url}/api/v1/query_exemplars?${params.toString()}`, `exemplars of ${expr}`);
    },
  };
}

import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { httpProbe, ManagedProcess } from '../../../tools/stack/managed-process';
import { freePorts } from '../../../tools/stack/ports';
import type { StackDefinition } from '../../../tools/stack/stack-definition';
import { ROOT_DIR } from '../../support/e2e-stack';

interface ScrapeConfig {
  job_name: string;
  scrape_interval?: string;
  static_configs: { targets: string[]; labels: Record<string, string> }[];
}

/** Each port of the default stack (dapr.yaml) mapped to the same process's port in `relocated`. */
function portMap(base: StackDefinition, relocated: StackDefinition): Map<number, number> {
  const map = new Map<number, number>([
    [base.placement.metricsPort, relocated.placement.metricsPort],
    [base.scheduler.metricsPort, relocated.scheduler.metricsPort],
  ]);
  for (const app of base.apps) {
    const moved = relocated.apps.find((candidate) => candidate.appId === app.appId);
    if (!moved) continue;
    map.set(app.appPort, moved.appPort);
    map.set(app.metricsPort, moved.metricsPort);
  }
  return map;
}

/**
 * deploy/prometheus/prometheus.yml pointed at a stack on other ports, scraping every second. Fails
 * on a target that is not a port of dapr.yaml: that file must scrape the stack and nothing else.
 */
export function relocatedPrometheusConfig(base: StackDefinition, relocated: StackDefinition): string {
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
}

/** Debian's `prometheus` (scripts/setup.sh installs it) on a free port, with its data in `dir`. */
export async function startPrometheus(configText: string, dir: string, logDir: string): Promise<PrometheusServer> {
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, configText);
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
      ],
      health: httpProbe(`${url}/-/ready`),
    },
    (name, line) => appendFileSync(join(logDir, `${name}.log`), `${line}\n`),
  );
  server.start();
  await server.waitHealthy(30_000);
  return {
    url,
    stop: () => server.stop(),
    async query(expr) {
      const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr }).toString()}`);
      const body = (await response.json()) as { status: string; error?: string; data?: { result: [] } };
      if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error}`);
      return body.data?.result ?? [];
    },
  };
}

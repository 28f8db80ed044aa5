import type { Tree } from '@angular-devkit/schematics';
import { readWorkspaceFile } from '../workspace/workspace-file';
import { YamlSource } from '../workspace/yaml-source';

interface ComposeFile {
  services?: Record<string, { ports?: string[]; command?: string[] }>;
}

/**
 * Every port some process of the workspace listens on besides the apps' own series: placement and
 * scheduler (dapr.yaml), their side ports, sentry and Jaeger (tools/stack/fixed-ports.json), and what
 * docker-compose.yml publishes or passes as a `--…port` flag (Redis, Prometheus, Grafana).
 */
export function takenPorts(tree: Tree, dapr: YamlSource): Set<number> {
  const common = dapr.toJS<{ common?: Record<string, unknown> }>().common ?? {};
  const addresses = [common.placementHostAddress, common.schedulerHostAddress].map((address) =>
    Number(String(address).split(':').pop()),
  );
  const fixed = numbersIn(JSON.parse(readWorkspaceFile(tree, 'tools/stack/fixed-ports.json')) as unknown);
  const compose = new YamlSource(
    'docker-compose.yml',
    readWorkspaceFile(tree, 'docker-compose.yml'),
  ).toJS<ComposeFile>();
  const composed = Object.values(compose.services ?? {}).flatMap(({ ports = [], command = [] }) => [
    ...ports.flatMap((mapping) => String(mapping).split(':').map(Number)),
    ...command.flatMap((arg, index) => {
      const flag = /^--[\w-]*port(?:=(\d+))?$/.exec(String(arg));
      return flag ? [Number(flag[1] ?? command[index + 1])] : [];
    }),
  ]);
  return new Set([...addresses, ...fixed, ...composed].filter((port) => Number.isInteger(port) && port > 0));
}

function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

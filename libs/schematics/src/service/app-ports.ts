import { SchematicsException } from '@angular-devkit/schematics';

/** The port series of an app entry of dapr.yaml, as the Dapr run file names them. */
export const PORT_SERIES = ['appPort', 'daprHTTPPort', 'daprGRPCPort', 'daprInternalGRPCPort', 'metricsPort'] as const;

export type PortSeries = (typeof PORT_SERIES)[number];

/** An app's ports: its own and its daprd's. */
export type AppPorts = Record<PortSeries, number>;

/**
 * The next free port of each series: one above the highest port of that series among the apps, moved on
 * past any port already taken by any process of the workspace (control plane, tools, other series).
 */
export function nextFreePorts(apps: AppPorts[], taken: ReadonlySet<number>): AppPorts {
  if (apps.length === 0) {
    throw new SchematicsException('dapr.yaml has no app to number the new one after: add one by hand first');
  }
  const used = new Set([...taken, ...apps.flatMap((app) => PORT_SERIES.map((series) => app[series]))]);
  const ports = {} as AppPorts;
  for (const series of PORT_SERIES) {
    let port = Math.max(...apps.map((app) => app[series])) + 1;
    while (used.has(port)) port += 1;
    used.add(port);
    ports[series] = port;
  }
  return ports;
}

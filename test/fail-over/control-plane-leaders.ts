import { controlPlaneNodeName } from '../../tools/stack/stack-definition';
import type { E2eStack } from '../support/e2e-stack';
import { eventually } from '../support/eventually';
import { scrape } from '../support/prometheus-text';

/** 1 when the node at `url` says it leads, 0 when it says it does not or does not answer. */
const leaderStatus = (url: string, metric: string): Promise<number> => scrape(url, metric).catch(() => 0);

/** Waits until exactly one of the nodes leads, and returns its process name (e.g. `placement#2`). */
async function leaderOf(service: 'placement' | 'scheduler', urls: string[], metric: string): Promise<string> {
  const statuses = await eventually(
    `one ${service} node to lead (${metric} = 1)`,
    () => Promise.all(urls.map((url) => leaderStatus(url, metric))),
    (values) => values.filter((value) => value === 1).length === 1,
  );
  return controlPlaneNodeName(service, statuses.indexOf(1) + 1);
}

/** The placement node that leads the Raft cluster: the one daprds get their tables from. */
export const placementLeader = (e2e: E2eStack): Promise<string> =>
  leaderOf(
    'placement',
    e2e.definition.placement.map((node) => `http://127.0.0.1:${node.metricsPort}/metrics`),
    'dapr_placement_leader_status',
  );

/** The scheduler node whose embedded etcd leads the etcd cluster (etcd serves its metrics on the client port). */
export const schedulerEtcdLeader = (e2e: E2eStack): Promise<string> =>
  leaderOf(
    'scheduler',
    e2e.definition.scheduler.map((node) => `http://127.0.0.1:${node.etcdClientPort}/metrics`),
    'etcd_server_is_leader',
  );

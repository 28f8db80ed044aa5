import { freePortsBeside, REPLICA_PORT_STEP, type ReplicaPorts } from './replicas';
import {
  controlPlaneNodeName,
  type PlacementDefinition,
  type SchedulerDefinition,
  type StackDefinition,
} from './stack-definition';

/** Placement and scheduler nodes in HA mode, as Dapr's Helm chart runs them with `global.ha.enabled`. */
export const HA_NODES = 3;

/**
 * The stack with three placement nodes (one Raft cluster) and three scheduler nodes (one etcd cluster),
 * the first being the one it had. `offset` puts node k on every port of node 1 plus 10·(k−1)
 * (placement#2: 50015, scheduler#2: 50016, its etcd 2389/2390); `free` on free ports (the e2e tests).
 */
export async function withHighAvailability(
  definition: StackDefinition,
  placement: ReplicaPorts,
): Promise<StackDefinition> {
  const [firstPlacement] = definition.placement;
  const [firstScheduler] = definition.scheduler;
  const added = HA_NODES - 1;
  const ports = placement === 'free' ? await freePortsBeside(definition, added * 9) : [];
  const next = (): number => ports.shift() as number;
  const portOf = (first: number, node: number): number =>
    placement === 'offset' ? first + REPLICA_PORT_STEP * (node - 1) : next();
  const nodes = Array.from({ length: added }, (_, index) => index + 2);
  return {
    ...definition,
    placement: [
      firstPlacement,
      ...nodes.map((node): PlacementDefinition => ({
        port: portOf(firstPlacement.port, node),
        healthzPort: portOf(firstPlacement.healthzPort, node),
        metricsPort: portOf(firstPlacement.metricsPort, node),
        raftPort: portOf(firstPlacement.raftPort, node),
      })),
    ],
    scheduler: [
      firstScheduler,
      ...nodes.map((node): SchedulerDefinition => ({
        port: portOf(firstScheduler.port, node),
        healthzPort: portOf(firstScheduler.healthzPort, node),
        metricsPort: portOf(firstScheduler.metricsPort, node),
        etcdClientPort: portOf(firstScheduler.etcdClientPort, node),
        etcdPeerPort: portOf(firstScheduler.etcdPeerPort, node),
      })),
    ],
  };
}

/** Whether the stack runs its control plane as several nodes. */
export const isHighlyAvailable = (definition: StackDefinition): boolean => definition.placement.length > 1;

/**
 * The placement and scheduler processes of an HA stack, which the launcher restarts like replicas
 * when they crash (the other nodes serve meanwhile); none for a stack with one node of each.
 */
export function controlPlaneNodeNames(definition: StackDefinition): string[] {
  if (!isHighlyAvailable(definition)) return [];
  return [
    ...definition.placement.map((_, index) => controlPlaneNodeName('placement', index + 1)),
    ...definition.scheduler.map((_, index) => controlPlaneNodeName('scheduler', index + 1)),
  ];
}

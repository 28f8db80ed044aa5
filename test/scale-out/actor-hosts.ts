import type { E2eApp, E2eStack } from '../support/e2e-stack';
import { eventually } from '../support/eventually';
import { scrape } from '../support/prometheus-text';

/** The part of daprd's GET /v1.0/metadata that says how it hosts actors (pkg/api/http/metadata.go). */
interface ActorRuntimeMetadata {
  actorRuntime?: {
    runtimeStatus: string;
    hostReady: boolean;
    placement?: string;
    activeActors?: { type: string; count: number }[];
  };
}

async function actorRuntime(sidecar: E2eApp): Promise<ActorRuntimeMetadata['actorRuntime']> {
  const metadata = (await (
    await fetch(`${sidecar.sidecarUrl}/v1.0/metadata`, { headers: sidecar.sidecarHeaders })
  ).json()) as ActorRuntimeMetadata;
  return metadata.actorRuntime;
}

/** How many actors of `actorType` a replica's daprd reports active on its host. */
export async function activeActors(replica: E2eApp, actorType: string): Promise<number> {
  const runtime = await actorRuntime(replica);
  return runtime?.activeActors?.find((entry) => entry.type === actorType)?.count ?? 0;
}

/**
 * Waits until placement counts every replica as an actor host and each replica's daprd holds a
 * placement table: before that, actors would all land on the replicas that joined first.
 */
export async function waitForActorHosts(e2e: E2eStack, replicas: E2eApp[]): Promise<void> {
  // One probe for both, so that a timeout shows what each replica's daprd says of placement.
  await eventually(
    `placement to count ${replicas.length} actor hosts, each a ready one`,
    async () => ({
      placementHosts: await placementHostCount(e2e),
      // A daprd that does not answer yet is not ready: asked again, not a failure.
      runtimes: await Promise.all(replicas.map((replica) => actorRuntime(replica).catch(() => undefined))),
    }),
    ({ placementHosts, runtimes }) =>
      placementHosts >= replicas.length && runtimes.every((runtime) => runtime?.hostReady === true),
    60_000,
  );
}

/**
 * How many actor hosts placement counts: its leader's count, as only the leader keeps the table (in HA
 * mode, any node may lead, and a killed one does not answer).
 */
export async function placementHostCount(e2e: E2eStack): Promise<number> {
  const counts = await Promise.all(
    e2e.definition.placement.map((node) =>
      scrape(`http://127.0.0.1:${node.metricsPort}/metrics`, 'dapr_placement_actor_runtimes_total').catch(() => 0),
    ),
  );
  return Math.max(...counts);
}

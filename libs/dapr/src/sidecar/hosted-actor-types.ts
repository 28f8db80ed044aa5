import type { DaprSidecar } from './dapr-sidecar';

interface SidecarMetadata {
  actorRuntime?: { activeActors?: { type: string }[] };
}

/**
 * The actor types daprd hosts for this app now, from its metadata API: every type the app registered,
 * until daprd hands them back to placement (the app reported unhealthy, or daprd shuts down).
 */
export async function hostedActorTypes(sidecar: DaprSidecar, signal?: AbortSignal): Promise<string[]> {
  const answer = await sidecar.request('/v1.0/metadata', { signal });
  if (!answer.ok) throw new Error(`daprd's metadata API answered ${answer.status}: ${answer.text}`);
  return ((answer.json() as SidecarMetadata).actorRuntime?.activeActors ?? []).map(({ type }) => type);
}

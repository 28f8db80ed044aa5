import type { ChatMessage } from '../../apps/chat-agent/src/chat/chat-message';
import type { E2eApp } from '../support/e2e-stack';

/**
 * A ChatAgent's history as the state store holds it, read through a sidecar's actor state API (the
 * key ChatAgentActor writes, `history-{id}`): not through the actor, which could answer from anything
 * it keeps in memory.
 */
export async function storedHistory(sidecar: E2eApp, actorId: string): Promise<ChatMessage[]> {
  // daprd reads actor state under its placement lock: a read that waits on a stuck dissemination fails, not hangs.
  const response = await fetch(`${sidecar.sidecarUrl}/v1.0/actors/ChatAgent/${actorId}/state/history-${actorId}`, {
    signal: AbortSignal.timeout(15_000),
  });
  if (response.status === 204) return [];
  if (response.status !== 200)
    throw new Error(`state of ChatAgent/${actorId}: ${response.status} ${await response.text()}`);
  return (await response.json()) as ChatMessage[];
}

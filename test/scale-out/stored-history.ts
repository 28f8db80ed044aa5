import type { ChatMessage } from '../../apps/chat-agent/src/chat/chat-message';
import type { E2eApp } from '../support/e2e-stack';

/**
 * A ChatAgent's history as the state store holds it, read through a sidecar's actor state API (the
 * key ChatAgentActor writes, `history-{id}`): not through the actor, which could answer from anything
 * it keeps in memory.
 */
export async function storedHistory(sidecar: E2eApp, actorId: string): Promise<ChatMessage[]> {
  const response = await fetch(`${sidecar.sidecarUrl}/v1.0/actors/ChatAgent/${actorId}/state/history-${actorId}`);
  if (response.status === 204) return [];
  if (response.status !== 200)
    throw new Error(`state of ChatAgent/${actorId}: ${response.status} ${await response.text()}`);
  return (await response.json()) as ChatMessage[];
}

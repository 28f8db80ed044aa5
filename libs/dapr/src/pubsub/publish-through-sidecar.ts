import type { DaprSidecar } from '../sidecar/dapr-sidecar';
import type { OutboxEvent } from './outbox-event';

/** Hands one event to daprd's publish API under its own CloudEvent id; throws unless daprd took it. */
export async function publishThroughSidecar(
  sidecar: DaprSidecar,
  event: OutboxEvent,
  signal?: AbortSignal,
): Promise<void> {
  const query = `metadata.cloudevent.id=${encodeURIComponent(event.id)}`;
  const response = await sidecar.request(
    `/v1.0/publish/${encodeURIComponent(event.pubsub)}/${encodeURIComponent(event.topic)}?${query}`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event.data), signal },
  );
  if (!response.ok) throw new Error(`daprd answered ${response.status}: ${response.text}`);
}

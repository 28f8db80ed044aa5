import type { DaprTopic } from './dapr-topic';

/** An event accepted for publishing, as the durable outbox keeps it until the sidecar takes it. */
export interface OutboxEvent extends DaprTopic {
  /** Becomes the CloudEvent id, so that a redelivered publish can be recognised by consumers. */
  id: string;
  data: unknown;
  traceparent?: string;
}

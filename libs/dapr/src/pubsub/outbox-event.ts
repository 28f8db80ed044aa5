import type { CarriedContext } from '../context/carried-context';
import type { DaprTopic } from './dapr-topic';

/**
 * An event accepted for publishing, as the durable outbox keeps it until the sidecar takes it, with the
 * context (trace, correlation id) of the work that produced it.
 */
export interface OutboxEvent extends DaprTopic, CarriedContext {
  /** Becomes the CloudEvent id, so that a redelivered publish can be recognised by consumers. */
  id: string;
  data: unknown;
}

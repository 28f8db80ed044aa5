import { Injectable } from '@nestjs/common';
import type { OutboxEvent } from '../pubsub/outbox-event';
import { publishThroughSidecar } from '../pubsub/publish-through-sidecar';
import { DaprSidecar } from '../sidecar/dapr-sidecar';

/**
 * DaprTestingModule's stand-in for the outbox: the in-memory sidecar takes every event at once, so
 * there is nothing to keep in Redis, and a test needs no Redis.
 */
@Injectable()
export class InMemoryEventOutbox {
  constructor(private readonly sidecar: DaprSidecar) {}

  send(event: OutboxEvent): Promise<void> {
    return publishThroughSidecar(this.sidecar, event);
  }
}

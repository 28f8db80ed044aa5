import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { carryContext } from '../context/carried-context';
import type { DaprTopic } from './dapr-topic';
import { EventOutbox } from './event-outbox';

/**
 * Publishes events to Dapr pub/sub durably: `publish` returns once the sidecar has the event or, when
 * it does not take it, once the event is in the outbox, which retries until the sidecar accepts it.
 * A publish failure never fails the caller's work.
 */
@Injectable()
export class DaprEventPublisher {
  constructor(private readonly outbox: EventOutbox) {}

  /** Accepts `data` for `topic`; returns the CloudEvent id it will be published with. */
  async publish(topic: DaprTopic, data: unknown): Promise<string> {
    const id = randomUUID();
    await this.outbox.send({ ...topic, id, data, ...carryContext() });
    return id;
  }
}

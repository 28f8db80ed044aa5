import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { SpanKind } from '@opentelemetry/api';
import { lastValueFrom } from 'rxjs';
import { inSpan } from '../tracing/in-span';
import { EVENT_FAULTS, type FaultHook } from '../faults/fault-hooks';
import { isCloudEvent } from './cloud-event';
import { DaprEventContext } from './dapr-event.context';
import { deliveryRoute, type DaprTopic } from './dapr-topic';
import type { DeliveryStatus } from './delivery-status';
import { isDropOutcome } from './drop-event.exception';
import { PubSubMetrics } from './pubsub-metrics';

/**
 * A `@nestjs/microservices` transport on Dapr pub/sub that listens on the app's own HTTP server:
 * daprd posts each event to `/dapr/pubsub/{pubsub}/{topic}` and the matching `@EventPattern`
 * handler runs with Nest's pipes, guards, interceptors and filters. The handler's outcome is the
 * answer to daprd: it returned → SUCCESS; it threw DropEventException (or the event is not a
 * CloudEvent, or no handler wants it) → DROP; it threw anything else → RETRY.
 */
@Injectable()
export class DaprPubSubServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(DaprPubSubServer.name);
  /** A handler's failure is answered to daprd (RETRY or DROP) and logged here: Nest need not log it too. */
  override readonly propagatesEventHandlerErrors = true;

  constructor(
    private readonly metrics: PubSubMetrics,
    @Optional() @Inject(EVENT_FAULTS) private readonly faults?: FaultHook,
  ) {
    super();
  }

  listen(callback: () => void): void {
    const routes = [...this.getHandlers().keys()].map((pattern) => deliveryRoute(JSON.parse(pattern) as DaprTopic));
    this.log.log(`event handlers listen at ${routes.join(', ') || '(none)'}`);
    callback();
  }

  close(): void {}

  on(): void {
    throw new Error('DaprPubSubServer has no transport events to listen to');
  }

  unwrap<T>(): T {
    throw new Error('DaprPubSubServer has no underlying client: it is served by the HTTP server');
  }

  /** Runs the handler of `topic` for one delivered body and says what daprd should do with it. */
  async deliver(topic: DaprTopic, body: unknown): Promise<DeliveryStatus> {
    const attributes = {
      'messaging.system': 'dapr',
      'messaging.destination.name': topic.topic,
      'dapr.pubsub': topic.pubsub,
      ...(isCloudEvent(body) && { 'messaging.message.id': body.id }),
    };
    const status = await inSpan(`${topic.topic} process`, SpanKind.CONSUMER, attributes, () =>
      this.outcome(topic, body),
    );
    this.metrics.delivered.inc({ ...topic, outcome: status });
    return status;
  }

  private async outcome(topic: DaprTopic, body: unknown): Promise<DeliveryStatus> {
    const where = `${topic.pubsub}/${topic.topic}`;
    if (!isCloudEvent(body)) {
      this.log.warn(
        { topic: where },
        `dropped a delivery on ${where}: the body is not a CloudEvent with an id and data`,
      );
      return 'DROP';
    }
    const handler = this.getHandlerByPattern(this.normalizePattern({ ...topic }));
    if (!handler) {
      this.log.warn(
        { topic: where, eventId: body.id },
        `dropped event ${body.id}: no @EventPattern handler for ${where}`,
      );
      return 'DROP';
    }
    try {
      this.faults?.check(`delivery of event ${body.id} on ${where}`);
      await lastValueFrom(this.transformToObservable(await handler(body.data, new DaprEventContext([body]))), {
        defaultValue: undefined,
      });
      return 'SUCCESS';
    } catch (error) {
      if (isDropOutcome(error)) {
        this.log.warn({ topic: where, eventId: body.id }, `dropped event ${body.id} on ${where}: ${error.reason}`);
        return 'DROP';
      }
      this.log.warn(
        { topic: where, eventId: body.id },
        `event ${body.id} on ${where} failed; daprd will deliver it again: ${describe(error)}`,
      );
      return 'RETRY';
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

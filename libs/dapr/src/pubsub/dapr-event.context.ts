import { BaseRpcContext } from '@nestjs/microservices';
import type { CloudEvent } from './cloud-event';

/** What an `@EventPattern` handler may learn about the delivery: `@Ctx() context: DaprEventContext`. */
export class DaprEventContext extends BaseRpcContext<[CloudEvent]> {
  get event(): CloudEvent {
    return this.args[0];
  }

  get id(): string {
    return this.event.id;
  }

  get topic(): string {
    return this.event.topic;
  }

  get traceparent(): string | undefined {
    return this.event.traceparent;
  }
}

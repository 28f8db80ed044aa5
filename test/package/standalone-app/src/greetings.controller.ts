import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ActorClient } from '@daca/dapr';
import { VisitorContract } from './visitor.contract';

export interface GreetingEvent {
  visitor: string;
  greeting: string;
}

/** Subscribes to `greetings` and hands each greeting to its visitor actor. */
@Controller()
export class GreetingsController {
  constructor(private readonly actors: ActorClient) {}

  @EventPattern({ pubsub: 'daca-pubsub', topic: 'greetings' })
  async greeted(@Payload() event: GreetingEvent): Promise<void> {
    await this.actors.proxy(VisitorContract, event.visitor).greet(event.greeting);
  }
}

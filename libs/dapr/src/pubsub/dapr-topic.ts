/**
 * The `@EventPattern` of a Dapr topic: `@EventPattern({ pubsub: 'daca-pubsub', topic: 'user-chat' })`.
 * daprd delivers it to `POST /dapr/pubsub/{pubsub}/{topic}` (the route a Subscription names).
 */
export interface DaprTopic {
  pubsub: string;
  topic: string;
}

/** The route daprd delivers a topic's events to; Subscription resources must name it. */
export function deliveryRoute({ pubsub, topic }: DaprTopic): string {
  return `/dapr/pubsub/${pubsub}/${topic}`;
}

import type { INestApplication } from '@nestjs/common';
import { DaprPubSubServer } from './dapr-pubsub.server';

/** Makes the app's `@EventPattern` handlers receive Dapr pub/sub events (call before `listen`). */
export async function connectDaprPubSub(app: INestApplication): Promise<void> {
  app.connectMicroservice({ strategy: app.get(DaprPubSubServer) });
  await app.startAllMicroservices();
}

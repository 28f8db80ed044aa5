import type { INestApplication } from '@nestjs/common';
import { acceptCloudEvents } from './accept-cloud-events';
import { DaprPubSubServer } from './dapr-pubsub.server';

/**
 * Makes the app's `@EventPattern` handlers receive Dapr pub/sub events (call before `listen`), and
 * its HTTP server (Express or Fastify) parse the CloudEvents daprd delivers them in.
 */
export async function connectDaprPubSub(app: INestApplication): Promise<void> {
  acceptCloudEvents(app);
  app.connectMicroservice({ strategy: app.get(DaprPubSubServer) });
  await app.startAllMicroservices();
}

import type { INestApplication } from '@nestjs/common';
import { acceptDaprBodies } from '../sidecar/accept-dapr-bodies';
import { DaprPubSubServer } from './dapr-pubsub.server';

/**
 * Makes the app's `@EventPattern` handlers receive Dapr pub/sub events (call before `listen`), and
 * its HTTP server (Express or Fastify) parse what daprd sends: CloudEvents, and actor arguments of
 * any JSON type.
 */
export async function connectDaprPubSub(app: INestApplication): Promise<void> {
  acceptDaprBodies(app);
  app.connectMicroservice({ strategy: app.get(DaprPubSubServer) });
  await app.startAllMicroservices();
}

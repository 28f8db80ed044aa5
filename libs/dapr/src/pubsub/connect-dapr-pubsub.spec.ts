import type { Server } from 'node:http';
import { Body, Controller, Post, type INestApplication } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DaprTestingModule } from '../testing/dapr-testing.module';
import { connectDaprPubSub } from './connect-dapr-pubsub';

@Controller()
class OrdersController {
  readonly received: unknown[] = [];

  @EventPattern({ pubsub: 'pubsub', topic: 'orders' })
  order(@Payload() order: unknown): void {
    this.received.push(order);
  }

  @Post('echo')
  echo(@Body() body: unknown): unknown {
    return body;
  }
}

const delivery = {
  id: 'event-1',
  source: 'shop',
  type: 'com.dapr.event.sent',
  specversion: '1.0',
  topic: 'orders',
  pubsubname: 'pubsub',
  data: { order: 1 },
};

describe.each([
  ['Express', () => new ExpressAdapter()],
  ['Fastify', () => new FastifyAdapter()],
])('connectDaprPubSub on %s', (_platform, adapter) => {
  let app: INestApplication;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DaprTestingModule.forRoot()],
      controllers: [OrdersController],
    }).compile();
    app = moduleRef.createNestApplication(adapter(), { logger: false });
    await connectDaprPubSub(app);
    await app.init();
    await (app.getHttpAdapter().getInstance() as { ready?: () => Promise<unknown> }).ready?.();
  });

  afterEach(() => app.close());

  it('hands the handler an event daprd delivers as application/cloudevents+json', async () => {
    await request(app.getHttpServer() as Server)
      .post('/dapr/pubsub/pubsub/orders')
      .set('content-type', 'application/cloudevents+json')
      .send(JSON.stringify(delivery))
      .expect(200, { status: 'SUCCESS' });
    expect(app.get(OrdersController).received).toEqual([{ order: 1 }]);
  });

  it("leaves the app's own JSON bodies parsed", async () => {
    await request(app.getHttpServer() as Server)
      .post('/echo')
      .send({ plain: true })
      .expect(201, { plain: true });
  });

  it("takes daprd's empty actor callbacks, whatever their content type says", async () => {
    const server = app.getHttpServer() as Server;
    // An actor type this app does not host: the answer is the actor error, from the route itself.
    await request(server)
      .put('/actors/Unknown/1/method/Get')
      .set('content-type', 'application/json')
      .expect(200)
      .expect('x-daprerrorresponseheader', 'true');
    await request(server)
      .delete('/actors/Unknown/1')
      .set('content-type', 'application/x-protobuf')
      .expect(200)
      .expect('x-daprerrorresponseheader', 'true');
  });

  it('parses a JSON body that is not an object, as an actor argument may be', async () => {
    await request(app.getHttpServer() as Server)
      .post('/echo')
      .set('content-type', 'application/json')
      .send('"a string"')
      .expect(201, 'a string');
  });
});

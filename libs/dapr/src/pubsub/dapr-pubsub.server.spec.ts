import { Logger } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { Registry } from 'prom-client';
import { throwError } from 'rxjs';
import { EventFaultInjector } from '../faults/event-fault-injector';
import { DaprMetricsRegistry } from '../metrics/dapr-metrics-registry';
import { DaprPubSubServer } from './dapr-pubsub.server';
import { DropEventException } from './drop-event.exception';
import { PubSubMetrics } from './pubsub-metrics';

const TOPIC = { pubsub: 'daca-pubsub', topic: 'user-chat' };
const EVENT = {
  id: 'e-1',
  source: 'test',
  type: 'com.dapr.event.sent',
  specversion: '1.0',
  topic: 'user-chat',
  pubsubname: 'daca-pubsub',
  data: { n: 1 },
};

describe('DaprPubSubServer', () => {
  let server: DaprPubSubServer;
  let registry: Registry;
  let faults: EventFaultInjector;

  const handle = (handler: (data: unknown) => unknown) =>
    server.addHandler(TOPIC, (data: unknown) => Promise.resolve(handler(data)), true);

  // Every answer but SUCCESS logs a warning, which is the behaviour, not news to the test output.
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  beforeEach(() => {
    registry = new Registry();
    faults = new EventFaultInjector();
    server = new DaprPubSubServer(new PubSubMetrics(new DaprMetricsRegistry(registry, 'daca_')), faults);
  });

  it('answers SUCCESS when the handler returns, and hands it the CloudEvent data', async () => {
    const seen: unknown[] = [];
    handle((data) => seen.push(data));

    expect(await server.deliver(TOPIC, EVENT)).toBe('SUCCESS');
    expect(seen).toEqual([{ n: 1 }]);
  });

  it('answers RETRY when the handler throws or its observable errors', async () => {
    handle(() => {
      throw new Error('database down');
    });
    expect(await server.deliver(TOPIC, EVENT)).toBe('RETRY');

    server = new DaprPubSubServer(new PubSubMetrics(new DaprMetricsRegistry(new Registry(), 'daca_')), faults);
    handle(() => throwError(() => ({ status: 'error', message: 'Internal server error' })));
    expect(await server.deliver(TOPIC, EVENT)).toBe('RETRY');
  });

  it('answers DROP for DropEventException as Nest filters pass it on (the RpcException error object)', async () => {
    handle(() => throwError(() => new DropEventException('malformed event: actor_id must be a string').getError()));
    expect(await server.deliver(TOPIC, EVENT)).toBe('DROP');
  });

  it("tells Nest that it reports its handlers' failures itself (Nest 12 would log an RpcException again)", () => {
    expect(server.propagatesEventHandlerErrors).toBe(true);
  });

  it('answers RETRY for other RpcExceptions', async () => {
    handle(() => throwError(() => new RpcException('busy').getError()));
    expect(await server.deliver(TOPIC, EVENT)).toBe('RETRY');
  });

  it('answers DROP for a body that is not a CloudEvent and for a topic without a handler', async () => {
    handle(() => undefined);
    expect(await server.deliver(TOPIC, 'just a string')).toBe('DROP');
    expect(await server.deliver({ pubsub: 'daca-pubsub', topic: 'other' }, EVENT)).toBe('DROP');
  });

  it('answers RETRY while faults are injected, then runs the handler', async () => {
    handle(() => undefined);
    faults.failNext(1);

    expect(await server.deliver(TOPIC, EVENT)).toBe('RETRY');
    expect(await server.deliver(TOPIC, EVENT)).toBe('SUCCESS');
  });

  it('counts every answer by topic and outcome', async () => {
    handle(() => undefined);
    await server.deliver(TOPIC, EVENT);
    await server.deliver(TOPIC, 42);

    const text = await registry.metrics();
    expect(text).toContain('daca_events_delivered_total{pubsub="daca-pubsub",topic="user-chat",outcome="SUCCESS"} 1');
    expect(text).toContain('daca_events_delivered_total{pubsub="daca-pubsub",topic="user-chat",outcome="DROP"} 1');
  });
});

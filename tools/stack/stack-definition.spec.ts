import { resolve } from 'node:path';
import { loadStackDefinition, portsOf } from './stack-definition';

describe('loadStackDefinition', () => {
  const stack = loadStackDefinition(resolve(__dirname, '../..'));

  it('reads the ports of the design from dapr.yaml and components/', () => {
    expect(
      stack.apps.map(({ appId, appPort, daprHttpPort, daprGrpcPort, daprInternalGrpcPort, metricsPort }) => [
        appId,
        appPort,
        daprHttpPort,
        daprGrpcPort,
        daprInternalGrpcPort,
        metricsPort,
      ]),
    ).toEqual([
      ['chat-agent', 8000, 3500, 50001, 50011, 9090],
      ['callee-app', 8001, 3501, 50002, 50012, 9091],
      ['caller-app', 8002, 3502, 50003, 50013, 9092],
    ]);
    expect([stack.placement[0].port, stack.scheduler[0].port, stack.redisPort]).toEqual([50005, 50006, 6379]);
  });

  it('gives every process ports of its own', () => {
    const ports = portsOf(stack).map(({ port }) => port);
    expect(new Set(ports).size).toBe(ports.length);
  });
});

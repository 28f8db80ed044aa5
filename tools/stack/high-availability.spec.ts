import { resolve } from 'node:path';
import { controlPlaneNodeNames, withHighAvailability } from './high-availability';
import { withReplicas } from './replicas';
import { loadStackDefinition, portsOf } from './stack-definition';

describe('high availability', () => {
  const stack = loadStackDefinition(resolve(__dirname, '../..'));

  it('puts control-plane node k on every port of node 1 + 10·(k−1)', async () => {
    const ha = await withHighAvailability(stack, 'offset');
    expect(
      ha.placement.map(({ port, healthzPort, metricsPort, raftPort }) => [port, healthzPort, metricsPort, raftPort]),
    ).toEqual([
      [50005, 8081, 9093, 8201],
      [50015, 8091, 9103, 8211],
      [50025, 8101, 9113, 8221],
    ]);
    expect(ha.scheduler.map(({ port, etcdClientPort, etcdPeerPort }) => [port, etcdClientPort, etcdPeerPort])).toEqual([
      [50006, 2379, 2380],
      [50016, 2389, 2390],
      [50026, 2399, 2400],
    ]);
  });

  it('gives every process ports of its own, with replicas too, on offsets or free ports', async () => {
    for (const placement of ['offset', 'free'] as const) {
      const scaled = await withReplicas(await withHighAvailability(stack, placement), { 'chat-agent': 4 }, placement);
      const ports = portsOf(scaled).map(({ port }) => port);
      expect(new Set(ports).size).toBe(ports.length);
      expect(portsOf(scaled).map(({ name }) => name)).toContain('scheduler#3 etcd peer');
    }
  });

  it('supervises the control-plane nodes of an HA stack only', async () => {
    expect(controlPlaneNodeNames(stack)).toEqual([]);
    expect(controlPlaneNodeNames(await withHighAvailability(stack, 'free'))).toEqual([
      'placement',
      'placement#2',
      'placement#3',
      'scheduler',
      'scheduler#2',
      'scheduler#3',
    ]);
  });
});

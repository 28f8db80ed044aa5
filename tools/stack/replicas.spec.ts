import { resolve } from 'node:path';
import { parseReplicaCounts, replicatedProcessNames, withReplicas } from './replicas';
import { loadStackDefinition, portsOf } from './stack-definition';

describe('replicas', () => {
  const stack = loadStackDefinition(resolve(__dirname, '../..'));
  const appIds = stack.apps.map((app) => app.appId);

  it('reads --replicas values, one or several per flag', () => {
    expect(parseReplicaCounts(['chat-agent=2', 'callee-app=3,caller-app=1'], appIds)).toEqual({
      'chat-agent': 2,
      'callee-app': 3,
      'caller-app': 1,
    });
  });

  it.each([
    [['chat=2'], "no app 'chat' in dapr.yaml; its apps are chat-agent, callee-app, caller-app"],
    [['chat-agent=5'], 'chat-agent can run 1 to 4 times, not 5'],
    [['chat-agent=0'], 'chat-agent can run 1 to 4 times, not 0'],
    [['chat-agent'], "--replicas takes app-id=count, e.g. chat-agent=2; got 'chat-agent'"],
  ])('refuses %j with a message that says why', (values, message) => {
    expect(() => parseReplicaCounts(values, appIds)).toThrow(message);
  });

  it('puts replica k on the app and daprd HTTP ports + 10·(k−1), the rest on free ports', async () => {
    const replicated = await withReplicas(stack, { 'chat-agent': 3 }, 'offset');
    expect(replicated.apps.map((app) => [app.appId, app.replica, app.appPort, app.daprHttpPort])).toEqual([
      ['chat-agent', 1, 8000, 3500],
      ['chat-agent', 2, 8010, 3510],
      ['chat-agent', 3, 8020, 3520],
      ['callee-app', 1, 8001, 3501],
      ['caller-app', 1, 8002, 3502],
    ]);
    const ports = portsOf(replicated).map(({ port }) => port);
    expect(new Set(ports).size).toBe(ports.length);
    expect(portsOf(replicated).map(({ name }) => name)).toContain('chat-agent#3 daprd gRPC');
  });

  it('can put replicas on free ports only', async () => {
    const replicated = await withReplicas(stack, { 'callee-app': 2 }, 'free');
    const replica = replicated.apps.find((app) => app.replica === 2);
    expect(replica?.appId).toBe('callee-app');
    expect([replica?.appPort, replica?.daprHttpPort]).not.toEqual([8011, 3511]);
    const ports = portsOf(replicated).map(({ port }) => port);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('supervises the app and sidecar processes of replicated apps only', async () => {
    const replicated = await withReplicas(stack, { 'chat-agent': 2 }, 'offset');
    expect(replicatedProcessNames(replicated)).toEqual([
      'chat-agent',
      'chat-agent-daprd',
      'chat-agent#2',
      'chat-agent#2-daprd',
    ]);
    expect(replicatedProcessNames(stack)).toEqual([]);
  });
});

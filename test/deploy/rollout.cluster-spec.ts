import { startLocalSystem, type LocalSystem } from '../../tools/k8s/local-system';
import { portForward, type PortForward } from '../../tools/k8s/port-forward';
import { ChatClient, labHistory } from '../chat/chat-client';
import { eventually } from '../support/eventually';
import { FixedRateLoad } from '../support/fixed-rate-load';
import { scrape } from '../support/prometheus-text';

// The rollout on a one-node cluster built on this machine (README: Kubernetes): the dev overlay with the labs,
// a rolling update under load, then the prod overlay with two replicas and a deleted pod. Root, and long: the
// first run builds Kubernetes, Dapr's Kubernetes binaries, helm, CoreDNS, metrics-server, the registry and the
// images (tens of minutes); warm, the cluster is up in under a minute and the whole file takes ~10 minutes.
const START_TIMEOUT_MS = 90 * 60_000;
const STEP_TIMEOUT_MS = 10 * 60_000;
const DEV = 'daca-dev';
const PROD = 'daca';
const CLEAR_AFTER_S = 20;
const LOAD_INTERVAL_MS = 100;

const say = (line: string): boolean => process.stdout.write(`${line}\n`);
const chatBody = (content: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ role: 'user', content }),
});

describe('rollout to a one-node Kubernetes cluster built here', () => {
  let system: LocalSystem;
  const forwards: PortForward[] = [];
  const forward = async (namespace: string, resource: string, port: number): Promise<string> => {
    const started = await portForward({
      kubeconfig: system.cluster.kubeconfig,
      binDir: system.cluster.binDir,
      namespace,
      resource,
      port,
    });
    forwards.push(started);
    return started.url;
  };
  const kubectl = async (args: string[]): Promise<string> => {
    const result = await system.cluster.kubectl(args);
    if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
    return result.stdout.trim();
  };
  const podsOf = async (namespace: string, app: string): Promise<string[]> =>
    (
      await kubectl([
        '-n',
        namespace,
        'get',
        'pods',
        '-l',
        `app.kubernetes.io/name=${app}`,
        '--field-selector=status.phase=Running',
        '-o',
        'jsonpath={.items[*].metadata.name}',
      ])
    )
      .split(' ')
      .filter(Boolean);

  beforeAll(async () => {
    const started = Date.now();
    system = await startLocalSystem({ onProgress: (line) => say(`[cluster] ${line}`) });
    await system.deploy('k8s/overlays/dev', DEV, {
      configMapGenerator: [
        { name: 'daca-app-env', behavior: 'merge', literals: ['SIMULATE_FAILURE=true', 'MAX_FAILS_BEFORE_SUCCESS=2'] },
        { name: 'chat-agent-actors', behavior: 'merge', literals: [`CHAT_CLEAR_HISTORY_AFTER=${CLEAR_AFTER_S}s`] },
      ],
    });
    say(`cluster, images, Dapr and the dev overlay ready in ${Math.round((Date.now() - started) / 1000)} s`);
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    for (const started of forwards) await started.stop();
    await system?.stop();
  }, STEP_TIMEOUT_MS);

  describe('the dev overlay', () => {
    let chat: ChatClient;
    beforeAll(async () => {
      chat = new ChatClient({ url: await forward(DEV, 'deploy/chat-agent', 8000) });
    });

    it('runs every app with the daprd that Dapr injected', async () => {
      for (const app of ['chat-agent', 'callee-app', 'caller-app']) {
        const [pod] = await podsOf(DEV, app);
        const containers = await kubectl(['-n', DEV, 'get', 'pod', pod, '-o', 'jsonpath={.spec.containers[*].name}']);
        expect(containers.split(' ').sort()).toEqual(['app', 'daprd']);
      }
    });

    it('chats and keeps the last 5 entries of the history', async () => {
      for (const content of ['one', 'two', 'three'])
        expect(await chat.send('k8s-capped', content)).toEqual({
          status: 200,
          body: { response: { role: 'assistant', content: `Got your message: ${content}` } },
        });
      expect((await chat.history('k8s-capped')).body).toEqual({
        history: labHistory(['one', 'two', 'three']),
      });
    });

    it('analyzes a conversation through a reentrant call chain', async () => {
      await chat.send('k8s-analyst', 'Tell me about quantum computing');
      const analysis = await chat.analyze('k8s-analyst');
      expect(analysis.status).toBe(200);
      expect(analysis.body).toMatchObject({ analysis: { actorId: 'k8s-analyst', messages: 2 } });
    });

    it('publishes ConversationUpdated and its subscriber receives it', async () => {
      const metrics = `${await forward(DEV, 'deploy/chat-agent', 8000)}/metrics`;
      const topic = { pubsub: 'daca-pubsub', topic: 'user-chat' };
      const delivered = () => scrape(metrics, 'daca_events_delivered_total', { ...topic, outcome: 'SUCCESS' });
      const before = await delivered().catch(() => 0);
      await chat.send('k8s-events', 'an event, please');
      await eventually('the event delivered', delivered, (count) => count >= before + 1, 60_000);
    });

    it(
      'fires the ClearHistory reminder and clears the history',
      async () => {
        await chat.send('k8s-forgetful', 'remember me?');
        const sentAt = Date.now();
        await eventually(
          'the history cleared by the reminder',
          async () => ((await chat.history('k8s-forgetful')).body as { history: unknown[] }).history.length,
          (length) => length === 0,
          (CLEAR_AFTER_S + 60) * 1000,
        );
        expect(Date.now() - sentAt).toBeGreaterThanOrEqual(CLEAR_AFTER_S * 1000 - 1000);
      },
      STEP_TIMEOUT_MS,
    );

    it('calls callee through Dapr: two simulated failures retried by the sidecar, then the greeting', async () => {
      const caller = await forward(DEV, 'deploy/caller-app', 8002);
      const callee = await forward(DEV, 'deploy/callee-app', 8001);
      const callerSidecar = await forward(DEV, 'deploy/caller-app', 9092);
      const answer = await fetch(`${caller}/call-greet/Alice`);
      expect({ status: answer.status, body: await answer.json() }).toEqual({
        status: 200,
        body: { message: 'Hello, Alice from callee-app!' },
      });
      expect(await scrape(`${callee}/metrics`, 'daca_simulated_failures_total', { status: '500' })).toBe(2);
      const retried = { policy: 'retry', target: 'app_callee-app' };
      expect(await scrape(`${callerSidecar}/metrics`, 'dapr_resiliency_count', retried)).toBeGreaterThanOrEqual(1);
    });

    it(
      'rolls chat-agent out to a new image tag under load without one failed request',
      async () => {
        const ref = await system.publishAppImage('chat-agent', 'dev-rolled');
        const url = await system.exposeOnNode(DEV, 'chat-agent', 8000);
        let failuresShown = 0;
        const load = new FixedRateLoad(async (sequence) => {
          const response = await fetch(`${url}/chat/k8s-rolling-${sequence % 20}`, chatBody(`message ${sequence}`));
          if (response.status !== 200 && failuresShown++ < 3)
            say(`failed: ${response.status} ${await response.clone().text()}`);
          return response;
        }, LOAD_INTERVAL_MS);
        const before = await podsOf(DEV, 'chat-agent');
        let requests: Awaited<ReturnType<FixedRateLoad['stop']>>;
        try {
          await kubectl(['-n', DEV, 'set', 'image', 'deployment/chat-agent', `app=${ref.replace('docker.io/', '')}`]);
          await kubectl(['-n', DEV, 'rollout', 'status', 'deployment/chat-agent', '--timeout=300s']);
          // Load on the new pod alone for a while: its actors were moved to it from the old one.
          await new Promise((resolve) => setTimeout(resolve, 10_000));
        } finally {
          requests = await load.stop();
        }
        const after = await podsOf(DEV, 'chat-agent');
        const failed = requests.filter((request) => request.outcome !== 200);
        say(
          `rolling update: ${requests.length} requests, ${failed.length} failed, pods ${before.join(', ')} → ${after.join(', ')}`,
        );
        expect(after).not.toEqual(before);
        expect(failed).toEqual([]);
      },
      STEP_TIMEOUT_MS,
    );

    it('reports a current CPU value in the HorizontalPodAutoscaler (metrics-server)', async () => {
      const utilization = await eventually(
        'a current CPU value in the chat-agent HPA',
        () =>
          kubectl([
            '-n',
            DEV,
            'get',
            'hpa',
            'chat-agent',
            '-o',
            'jsonpath={.status.currentMetrics[0].resource.current.averageUtilization}',
          ]),
        (value) => /^\d+$/.test(value),
        180_000,
      );
      say(`chat-agent HPA: ${utilization}% of the CPU request`);
    });
  });

  describe('the prod overlay, two replicas', () => {
    let chat: ChatClient;
    beforeAll(async () => {
      await kubectl(['delete', 'namespace', DEV, '--wait=true', '--timeout=300s']);
      const tag = '0.1.0';
      for (const app of ['chat-agent', 'callee', 'caller']) await system.publishAppImage(app, tag);
      await system.deployRedisFor(PROD);
      await system.deploy('k8s/overlays/prod', PROD, {
        // The lab's 10 s would clear the histories before they are read back.
        configMapGenerator: [
          { name: 'chat-agent-actors', behavior: 'merge', literals: ['CHAT_CLEAR_HISTORY_AFTER=1h'] },
        ],
        images: ['chat-agent', 'callee', 'caller'].map((app) => ({
          name: `registry.example.com/daca-nest/${app}`,
          newName: `daca-nest/${app}`,
          newTag: tag,
        })),
      });
      chat = new ChatClient({ url: await system.exposeOnNode(PROD, 'chat-agent', 8000) });
    }, STEP_TIMEOUT_MS);

    it(
      'serves the actors of a deleted pod from the other replica, their state intact',
      async () => {
        expect(await podsOf(PROD, 'chat-agent')).toHaveLength(2);
        const ids = Array.from({ length: 20 }, (_, k) => `k8s-survivor-${k}`);
        for (const id of ids) expect((await chat.send(id, `kept by ${id}`)).status).toBe(200);
        const [victim] = await podsOf(PROD, 'chat-agent');
        await kubectl(['-n', PROD, 'delete', 'pod', victim, '--wait=true']);
        for (const id of ids)
          expect((await chat.history(id)).body).toEqual({
            history: labHistory([`kept by ${id}`]),
          });
        const survivors = await podsOf(PROD, 'chat-agent');
        say(
          `pod ${victim} deleted; ${ids.length} actors read back intact; chat-agent pods now ${survivors.join(', ')}`,
        );
      },
      STEP_TIMEOUT_MS,
    );
  });
});

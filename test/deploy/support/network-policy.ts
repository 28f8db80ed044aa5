import type { Resource } from './deploy-tools';

/** One kind of traffic a set of NetworkPolicies lets into a pod: from which peers, to which port. */
export interface AllowedIngress {
  /** The pod's app.kubernetes.io/name. */
  pod: string;
  port: number;
  /** Each peer: a pod's app.kubernetes.io/name, `… (any namespace)`, `every app pod`, `namespace …`. */
  from: string[];
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values: string[] }[];
}

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
}

interface PolicySpec {
  podSelector: LabelSelector;
  policyTypes: string[];
  ingress?: { from: Peer[]; ports: { port: number | string }[] }[];
}

const NAME = 'app.kubernetes.io/name';

function unsupported(what: string, value: unknown): never {
  throw new Error(`network-policy.ts cannot describe ${what} ${JSON.stringify(value)}: extend it`);
}

/** The pods a selector picks in the policy's namespace, by name, or `every app pod`. */
function podsOf(selector: LabelSelector): string[] {
  const { matchLabels = {}, matchExpressions = [] } = selector;
  const keys = Object.keys(matchLabels);
  if (keys.length === 1 && matchExpressions.length === 0) {
    if (keys[0] === NAME) return [matchLabels[NAME]];
    if (keys[0] === 'app.kubernetes.io/component' && matchLabels[keys[0]] === 'app') return ['every app pod'];
  }
  const [expression] = matchExpressions;
  if (keys.length === 0 && matchExpressions.length === 1 && expression.key === NAME && expression.operator === 'In') {
    return expression.values;
  }
  return unsupported('the pod selector', selector);
}

function peersOf(peer: Peer): string[] {
  const { podSelector, namespaceSelector } = peer;
  if (podSelector && !namespaceSelector) return podsOf(podSelector);
  if (podSelector && namespaceSelector && Object.keys(namespaceSelector).length === 0) {
    return podsOf(podSelector).map((pod) => `${pod} (any namespace)`);
  }
  const namespace = namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
  if (!podSelector && namespace && Object.keys(namespaceSelector?.matchLabels ?? {}).length === 1) {
    return [`namespace ${namespace}`];
  }
  return unsupported('the peer', peer);
}

/** A port of a rule as a number: a named one is looked up among the pod's declared container ports. */
function portNumber(port: number | string, pod: string, all: Resource[]): number {
  if (typeof port === 'number') return port;
  const deployment = all.find((resource) => resource.kind === 'Deployment' && resource.metadata.name === pod);
  const containers = (
    deployment?.spec as { template: { spec: { containers: { ports?: { name: string; containerPort: number }[] }[] } } }
  )?.template.spec.containers;
  const found = containers?.flatMap((container) => container.ports ?? []).find((declared) => declared.name === port);
  return found?.containerPort ?? unsupported(`the port name of pod ${pod}:`, port);
}

/**
 * Everything the NetworkPolicies of a built overlay let into the pods they select, one entry per pod
 * and port, its peers sorted. Each policy must select one pod name and restrict ingress.
 */
export function allowedIngress(all: Resource[]): AllowedIngress[] {
  const byPodAndPort = new Map<string, AllowedIngress>();
  for (const policy of all.filter((resource) => resource.kind === 'NetworkPolicy')) {
    const spec = policy.spec as unknown as PolicySpec;
    const [pod, ...others] = podsOf(spec.podSelector);
    if (others.length > 0 || !spec.policyTypes.includes('Ingress')) unsupported('the policy', policy.metadata.name);
    for (const rule of spec.ingress ?? []) {
      for (const { port } of rule.ports) {
        const number = portNumber(port, pod, all);
        const key = `${pod}:${number}`;
        const entry = byPodAndPort.get(key) ?? { pod, port: number, from: [] };
        entry.from = [...new Set([...entry.from, ...rule.from.flatMap(peersOf)])].sort();
        byPodAndPort.set(key, entry);
      }
    }
  }
  return [...byPodAndPort.values()].sort((a, b) => a.pod.localeCompare(b.pod) || a.port - b.port);
}

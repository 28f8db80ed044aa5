import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpProbe, type ProcessSpec } from '../stack/managed-process';

export interface KubeProxyOptions {
  readonly binDir: string;
  readonly dir: string;
  readonly nodeName: string;
  readonly nodeAddress: string;
  /** Its own user's kubeconfig (system:kube-proxy, bound to system:node-proxier by default). */
  readonly kubeconfig: string;
  readonly podCidr: string;
}

const HEALTH_PORT = 10256;

/** kube-proxy in nftables mode, its tables in the node's namespace (gone with it). */
export function kubeProxySpec({
  binDir,
  dir,
  nodeName,
  nodeAddress,
  kubeconfig,
  podCidr,
}: KubeProxyOptions): ProcessSpec {
  const configFile = join(dir, 'kube-proxy.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
      kind: 'KubeProxyConfiguration',
      mode: 'nftables',
      clientConnection: { kubeconfig },
      hostnameOverride: nodeName,
      clusterCIDR: podCidr,
      healthzBindAddress: `${nodeAddress}:${HEALTH_PORT}`,
      metricsBindAddress: `${nodeAddress}:10249`,
      // Leave the conntrack sysctls as they are: a namespace may not write this machine's global ones.
      conntrack: { maxPerCore: 0, tcpEstablishedTimeout: '0s', tcpCloseWaitTimeout: '0s' },
    }),
  );
  return {
    name: 'kube-proxy',
    command: join(binDir, 'kube-proxy'),
    args: [`--config=${configFile}`],
    health: httpProbe(`http://${nodeAddress}:${HEALTH_PORT}/healthz`),
  };
}

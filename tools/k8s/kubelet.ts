import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpProbe, type ProcessSpec } from '../stack/managed-process';
import type { CertificateFiles } from './certificate-authority';

export interface KubeletOptions {
  readonly binDir: string;
  readonly dir: string;
  readonly nodeName: string;
  readonly nodeAddress: string;
  /** Its own user's kubeconfig (system:node:<nodeName>, for the Node authorizer). */
  readonly kubeconfig: string;
  readonly containerdEndpoint: string;
  /** Verifies clients' certificates (the apiserver's). */
  readonly clientCaFile: string;
  readonly serving: CertificateFiles;
  /** Parent of the pods' cgroups in every hierarchy, unique per cluster so that stop() removes only its own. */
  readonly cgroupRoot: string;
  readonly clusterDns: string;
}

export const KUBELET_HEALTH_PORT = 10248;

const CGROUP_HIERARCHIES = '/sys/fs/cgroup';

/**
 * The kubelet's configuration for this machine (cgroup v1, a shared disk) and the process that runs it;
 * creates its cgroup root in every hierarchy, which the kubelet requires to exist.
 */
export function kubeletSpec(options: KubeletOptions): ProcessSpec {
  const { dir, nodeAddress } = options;
  mkdirSync(dir, { recursive: true });
  for (const hierarchy of readdirSync(CGROUP_HIERARCHIES))
    mkdirSync(join(CGROUP_HIERARCHIES, hierarchy, options.cgroupRoot), { recursive: true });
  const configFile = join(dir, 'config.json');
  const config = {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    // cgroup v1 is all this machine has; the kubelet refuses it unless told.
    failCgroupV1: false,
    cgroupDriver: 'cgroupfs',
    cgroupRoot: options.cgroupRoot,
    address: nodeAddress,
    healthzBindAddress: nodeAddress,
    healthzPort: KUBELET_HEALTH_PORT,
    readOnlyPort: 0,
    tlsCertFile: options.serving.certFile,
    tlsPrivateKeyFile: options.serving.keyFile,
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: true },
      x509: { clientCAFile: options.clientCaFile },
    },
    authorization: { mode: 'Webhook' },
    clusterDomain: 'cluster.local',
    clusterDNS: [options.clusterDns],
    podLogsDir: join(dir, 'pod-logs'),
    // The disk is shared with other work: evict only when it is truly full.
    evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '1%', 'imagefs.available': '1%' },
    imageGCHighThresholdPercent: 100,
    imageGCLowThresholdPercent: 99,
    failSwapOn: false,
    resolvConf: '/etc/resolv.conf',
    containerRuntimeEndpoint: options.containerdEndpoint,
  };
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  return {
    name: 'kubelet',
    command: join(options.binDir, 'kubelet'),
    args: [
      `--config=${configFile}`,
      `--kubeconfig=${options.kubeconfig}`,
      `--root-dir=${join(dir, 'root')}`,
      `--hostname-override=${options.nodeName}`,
      `--node-ip=${nodeAddress}`,
    ],
    health: httpProbe(`http://${nodeAddress}:${KUBELET_HEALTH_PORT}/healthz`),
  };
}

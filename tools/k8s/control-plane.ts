import { join } from 'node:path';
import { freePorts } from '../stack/ports';
import { httpsProbe, type ApiServer } from './api-server';

/** What tools/k8s/install.sh must build for a control plane. */
export const CONTROL_PLANE_BINARIES = ['kube-apiserver', 'kubectl', 'kube-controller-manager', 'kube-scheduler'];

/**
 * Starts the controllers and the scheduler next to the apiserver (its address, its network namespace), each
 * serving its health with its own certificate.
 */
export async function startControlPlane(server: ApiServer, binDir: string): Promise<void> {
  const [controllerPort, schedulerPort] = await freePorts(2);
  const clientFlags = [
    `--kubeconfig=${server.kubeconfig}`,
    `--authentication-kubeconfig=${server.kubeconfig}`,
    `--authorization-kubeconfig=${server.kubeconfig}`,
    '--leader-elect=false',
    `--bind-address=${server.address}`,
  ];
  await server.startComponent({
    name: 'kube-controller-manager',
    command: join(binDir, 'kube-controller-manager'),
    args: [
      ...clientFlags,
      `--secure-port=${controllerPort}`,
      `--cert-dir=${join(server.dir, 'controller-manager')}`,
      `--service-account-private-key-file=${server.serviceAccountKey}`,
      `--root-ca-file=${server.caFile}`,
      '--use-service-account-credentials=true',
    ],
    // Ready when its service-account controller has done its first job.
    health: httpsProbe(`${server.url}/api/v1/namespaces/default/serviceaccounts/default`, server.token, server.caFile),
  });
  const schedulerCerts = join(server.dir, 'scheduler');
  await server.startComponent({
    name: 'kube-scheduler',
    command: join(binDir, 'kube-scheduler'),
    args: [...clientFlags, `--secure-port=${schedulerPort}`, `--cert-dir=${schedulerCerts}`],
    health: httpsProbe(
      `https://${server.address}:${schedulerPort}/healthz`,
      server.token,
      join(schedulerCerts, 'kube-scheduler.crt'),
    ),
  });
}

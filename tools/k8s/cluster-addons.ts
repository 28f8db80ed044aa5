/** The images of the add-ons, imported into the node's containerd (never pulled). */
export const ADDON_IMAGES = {
  coredns: 'registry.k8s.io/coredns/coredns:v1.14.7',
  metricsServer: 'registry.k8s.io/metrics-server/metrics-server:v0.9.0',
} as const;

/** The `kube-dns` Service's address, which the kubelet gives pods as their name server. */
export const CLUSTER_DNS = '10.96.0.10';

const NAMESPACE = 'kube-system';
const NONROOT = { runAsNonRoot: true, runAsUser: 65532, allowPrivilegeEscalation: false };

type Manifest = Record<string, unknown>;

function roleBinding(
  kind: 'ClusterRoleBinding' | 'RoleBinding',
  name: string,
  role: string,
  account: string,
): Manifest {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name, ...(kind === 'RoleBinding' ? { namespace: NAMESPACE } : {}) },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: kind === 'RoleBinding' ? 'Role' : 'ClusterRole',
      name: role,
    },
    subjects: [{ kind: 'ServiceAccount', name: account, namespace: NAMESPACE }],
  };
}

function deployment(name: string, labels: Record<string, string>, pod: Manifest): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NAMESPACE, labels },
    spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: pod } },
  };
}

// No `forward` plugin: the node has no way out to an upstream server; cluster names are all that resolve.
const COREFILE = `.:1053 {
    errors
    health :8080
    ready :8181
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    cache 30
    loop
}
`;

function coreDns(): Manifest[] {
  const labels = { 'k8s-app': 'kube-dns' };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns', namespace: NAMESPACE } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:coredns' },
      rules: [
        { apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      ],
    },
    roleBinding('ClusterRoleBinding', 'system:coredns', 'system:coredns', 'coredns'),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'coredns', namespace: NAMESPACE },
      data: { Corefile: COREFILE },
    },
    deployment('coredns', labels, {
      serviceAccountName: 'coredns',
      priorityClassName: 'system-cluster-critical',
      dnsPolicy: 'Default',
      containers: [
        {
          name: 'coredns',
          image: ADDON_IMAGES.coredns,
          imagePullPolicy: 'Never',
          // Above 1024, so that it needs no capability: the Service maps 53 to it.
          args: ['-conf', '/etc/coredns/Corefile'],
          ports: [
            { name: 'dns', containerPort: 1053, protocol: 'UDP' },
            { name: 'dns-tcp', containerPort: 1053, protocol: 'TCP' },
          ],
          readinessProbe: { httpGet: { path: '/ready', port: 8181 }, periodSeconds: 2 },
          livenessProbe: { httpGet: { path: '/health', port: 8080 }, periodSeconds: 10 },
          securityContext: NONROOT,
          volumeMounts: [{ name: 'config', mountPath: '/etc/coredns', readOnly: true }],
        },
      ],
      volumes: [{ name: 'config', configMap: { name: 'coredns' } }],
    }),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kube-dns', namespace: NAMESPACE, labels },
      spec: {
        selector: labels,
        clusterIP: CLUSTER_DNS,
        ports: [
          { name: 'dns', port: 53, targetPort: 1053, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, targetPort: 1053, protocol: 'TCP' },
        ],
      },
    },
  ];
}

function metricsServer(kubeletCa: string): Manifest[] {
  const labels = { 'k8s-app': 'metrics-server' };
  const account = 'metrics-server';
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: account, namespace: NAMESPACE } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:metrics-server' },
      rules: [
        { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
        { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: {
        name: 'system:aggregated-metrics-reader',
        labels: {
          'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
          'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
          'rbac.authorization.k8s.io/aggregate-to-view': 'true',
        },
      },
      rules: [{ apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] }],
    },
    roleBinding('ClusterRoleBinding', 'system:metrics-server', 'system:metrics-server', account),
    roleBinding('ClusterRoleBinding', 'metrics-server:system:auth-delegator', 'system:auth-delegator', account),
    roleBinding('RoleBinding', 'metrics-server-auth-reader', 'extension-apiserver-authentication-reader', account),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kubelet-ca', namespace: NAMESPACE },
      data: { 'ca.crt': kubeletCa },
    },
    deployment('metrics-server', labels, {
      serviceAccountName: account,
      priorityClassName: 'system-cluster-critical',
      containers: [
        {
          name: 'metrics-server',
          image: ADDON_IMAGES.metricsServer,
          imagePullPolicy: 'Never',
          args: [
            '--cert-dir=/tmp',
            '--secure-port=10250',
            '--kubelet-preferred-address-types=InternalIP',
            '--kubelet-use-node-status-port',
            '--kubelet-certificate-authority=/kubelet-ca/ca.crt',
            '--metric-resolution=15s',
          ],
          ports: [{ name: 'https', containerPort: 10250, protocol: 'TCP' }],
          readinessProbe: { httpGet: { path: '/readyz', port: 'https', scheme: 'HTTPS' }, periodSeconds: 5 },
          securityContext: { ...NONROOT, readOnlyRootFilesystem: true },
          volumeMounts: [
            { name: 'tmp', mountPath: '/tmp' },
            { name: 'kubelet-ca', mountPath: '/kubelet-ca', readOnly: true },
          ],
        },
      ],
      volumes: [
        { name: 'tmp', emptyDir: {} },
        { name: 'kubelet-ca', configMap: { name: 'kubelet-ca' } },
      ],
    }),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'metrics-server', namespace: NAMESPACE, labels },
      spec: { selector: labels, ports: [{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1beta1.metrics.k8s.io', labels },
      spec: {
        service: { name: 'metrics-server', namespace: NAMESPACE },
        group: 'metrics.k8s.io',
        version: 'v1beta1',
        // metrics-server serves with a certificate it makes itself on start.
        insecureSkipTLSVerify: true,
        groupPriorityMinimum: 100,
        versionPriority: 100,
      },
    },
  ];
}

/** CoreDNS and metrics-server (which verifies the kubelets against `kubeletCa`), as one List for kubectl apply. */
export function addonManifests(kubeletCa: string): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...coreDns(), ...metricsServer(kubeletCa)] });
}

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createNamespaces,
  dryRunApply,
  kustomize,
  namespacesOf,
  startValidationServer,
} from './server-side-validation';

const ROOT_DIR = resolve(__dirname, '../..');
const DEFAULT_OVERLAYS = ['k8s/overlays/dev', 'k8s/overlays/prod'];
const USAGE = `usage: npm run validate:k8s [-- [kustomization-dir...]]
  Starts etcd and a kube-apiserver of the pinned Kubernetes release (API only, on free loopback ports, in a
  temporary directory), installs the Dapr CRDs of the pinned Dapr release, creates the namespaces each
  kustomization uses, and runs 'kubectl apply --dry-run=server --validate=strict -k' on each (default:
  ${DEFAULT_OVERLAYS.join(' ')}). Exits 1 when the apiserver refuses any resource. Stores nothing.
  --help   print this`;

function readDirs(): string[] | undefined {
  try {
    const { values, positionals } = parseArgs({ options: { help: { type: 'boolean' } }, allowPositionals: true });
    if (values.help === true) return undefined;
    return positionals.length > 0 ? positionals : DEFAULT_OVERLAYS;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<number> {
  const dirs = readDirs();
  if (dirs === undefined) {
    console.log(USAGE);
    return 0;
  }
  const server = await startValidationServer(ROOT_DIR);
  // Ctrl-C stops the servers and removes their directory (tokens, keys) before leaving.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void server.stop().finally(() => process.exit(130)));
  }
  let failures = 0;
  try {
    for (const dir of dirs) {
      const path = resolve(ROOT_DIR, dir);
      await createNamespaces(server, namespacesOf(await kustomize(server, path)));
      const result = await dryRunApply(server, { kustomization: path });
      process.stdout.write(
        `== ${dir}: ${result.status === 0 ? 'accepted' : 'REFUSED'}\n${result.stdout}${result.stderr}`,
      );
      if (result.status !== 0) failures++;
    }
  } finally {
    await server.stop();
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`validate:k8s: ${error.message}`);
    process.exit(1);
  },
);

import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { buildAppImages, workspaceApps } from './app-images';
import { defaultImageStore, pushImage } from './buildah';
import { printProgress } from './cached-image';
import { pushImages } from './push-images';
import { buildSupportImages } from './support-images';

const USAGE = `usage: npx tsx tools/k8s/images/cli.ts [--tag TAG] [--app APP]... [--skip-support] [--push HOST:PORT]
       npx tsx tools/k8s/images/cli.ts --app APP --push-as REF
  Builds the cluster's images with buildah, without a Docker daemon, into the image store
  (\${DACA_IMAGE_CACHE:-~/.cache/daca-nest/images}): the Debian and Node.js base images (assembled
  from this machine's Debian mirror, node and npm; rebuilt only when their recipe changes), the app
  images from the project's Dockerfile (docker.io/daca-nest/<app>:TAG, every app of nest-cli.json
  unless --app is given), and the dev overlay's support images (Redis, Jaeger, Prometheus).
  --tag TAG          tag of the app images (default: dev)
  --app APP          build this app only (repeatable): ${workspaceApps().join(', ')}
  --skip-support     do not build the support images
  --push HOST:PORT   push what was built to the plain-HTTP registry at HOST:PORT
                     (docker.io/x/y:t, ghcr.io/x/y:t and localhost/x/y:t go to HOST:PORT/x/y:t)
  --push-as REF      build the one app of --app (no support image) and push it to exactly REF, a
                     plain-HTTP registry's HOST:PORT/NAME:TAG (the Tiltfile's custom_build: $EXPECTED_REF)
  --help             print this`;

function readOptions(): { tag: string; apps?: string[]; skipSupport: boolean; push?: string; pushAs?: string } {
  try {
    const { values } = parseArgs({
      options: {
        tag: { type: 'string', default: 'dev' },
        app: { type: 'string', multiple: true },
        'skip-support': { type: 'boolean', default: false },
        push: { type: 'string' },
        'push-as': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const unknown = values.app?.filter((app) => !workspaceApps().includes(app)) ?? [];
    if (unknown.length > 0) throw new Error(`unknown app ${unknown.join(', ')}`);
    if (values.push !== undefined && !/^[^\s/]+:\d+$/.test(values.push))
      throw new Error(`--push takes HOST:PORT, not '${values.push}'`);
    const pushAs = values['push-as'];
    if (pushAs !== undefined) {
      if (values.app?.length !== 1 || values.push !== undefined)
        throw new Error('--push-as takes exactly one --app, and no --push');
      if (!/^[^\s/]+:\d+\/[^\s:]+:[\w.-]+$/.test(pushAs))
        throw new Error(`--push-as takes HOST:PORT/NAME:TAG, not '${pushAs}'`);
    }
    return {
      tag: values.tag,
      apps: values.app,
      skipSupport: values['skip-support'] || pushAs !== undefined,
      push: values.push,
      pushAs,
    };
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const { tag, apps, skipSupport, push, pushAs } = readOptions();
  const store = defaultImageStore();
  const started = Date.now();
  const refs = await buildAppImages(store, { tag, apps });
  if (!skipSupport) refs.push(...(await buildSupportImages(store)));
  printProgress(`built in ${Math.round((Date.now() - started) / 1000)}s: ${refs.join(' ')}`);
  if (push) {
    const pushed = await pushImages(store, refs, push);
    printProgress(`in the registry: ${pushed.join(' ')}`);
  }
  if (pushAs) {
    await pushImage(store, refs[0], pushAs);
    printProgress(`pushed ${refs[0]} as ${pushAs}`);
  }
  // Builds running at the same time (Tilt starts one per app) remove files while du counts: its total stands.
  const { stdout } = spawnSync('du', ['-sh', store.root], { encoding: 'utf8' });
  printProgress(`image store ${store.root}: ${stdout.split('\t')[0] || 'size unknown'}`);
}

main().catch((error: unknown) => {
  console.error(`[images] error: ${(error as Error).message}`);
  process.exit(1);
});

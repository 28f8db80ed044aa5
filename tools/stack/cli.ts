import { join, resolve } from 'node:path';
import { daprBinDir } from './dapr-binaries';
import { prefixedLog } from './prefixed-log';
import { sidecarName, Stack } from './stack';
import { loadStackDefinition } from './stack-definition';

// `npm start`: the whole stack of dapr.yaml in the foreground until Ctrl-C.
async function main(): Promise<void> {
  const rootDir = resolve(__dirname, '../..');
  const definition = loadStackDefinition(rootDir);
  const names = ['redis', 'placement', 'scheduler', ...definition.apps.flatMap((a) => [a.appId, sidecarName(a.appId)])];
  const log = prefixedLog(['stack', ...names]);
  const say = (line: string): void => log('stack', line);

  const stack = new Stack({
    definition,
    daprBinDir: daprBinDir(rootDir),
    dataDir: join(rootDir, '.data'),
    log,
    reuseRedis: true,
  });

  let stopping = false;
  const shutdown = async (reason: string, exitCode: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say(`${reason}: stopping everything this launcher started`);
    await stack.stop();
    say('stopped');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  stack.onUnexpectedExit(({ name, code, signal }) =>
    void shutdown(`${name} exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`, 1),
  );

  say('starting redis, placement, scheduler and the apps of dapr.yaml');
  try {
    await stack.start();
  } catch (error) {
    say(`could not start the stack: ${(error as Error).message}`);
    await shutdown('start failed', 1);
    return;
  }
  say('all processes are healthy:');
  for (const app of definition.apps) {
    say(`  ${app.appId.padEnd(12)} app http://localhost:${app.appPort}   sidecar http://localhost:${app.daprHttpPort}   sidecar metrics http://localhost:${app.metricsPort}/metrics`);
  }
  say('press Ctrl-C to stop');
}

void main();

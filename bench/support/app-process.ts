import { readFileSync } from 'node:fs';
import { httpProbe } from '../../tools/stack/managed-process';
import type { E2eStack } from '../../test/support/e2e-stack';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The resident memory of an app's process now, in MB (VmRSS of /proc/<pid>/status). */
export function rssMb(e2e: E2eStack, appId: string): number {
  const pid = e2e.stack.process(appId).pid;
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kb === undefined) throw new Error(`no VmRSS in /proc/${pid}/status of ${appId}`);
  return Math.round(Number(kb) / 1024);
}

// /proc/<pid>/stat counts CPU time in clock ticks, 100 per second on Linux.
const MS_PER_TICK = 10;

/**
 * The CPU time (user + system) an app's process has used so far, in ms: over a round, divided by the
 * requests served, what one request costs the app itself — a figure that other processes on the
 * machine hardly move, unlike requests per second.
 */
export function cpuMs(e2e: E2eStack, appId: string): number {
  const pid = e2e.stack.process(appId).pid;
  // The fields after the command name, which is in parentheses and may hold spaces.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
}

/**
 * Stops an app and starts it again, the rest of its stack (sidecar, Redis, placement) staying up, and
 * measures from the spawn of its process to `readyPath` answering 200: the cold start of a new
 * instance in a rolling update or after a crash. Polls every 10 ms, so the figure is that close.
 */
export async function coldStartMs(e2e: E2eStack, appId: string, readyPath: string): Promise<number> {
  const app = e2e.stack.process(appId);
  const ready = httpProbe(`${e2e.app(appId).url}${readyPath}`);
  await app.stop();
  const spawned = performance.now();
  app.start();
  while (!(await ready())) {
    if (!app.running) throw new Error(`${appId} exited while starting again (see its log in ${e2e.logDir})`);
    if (performance.now() - spawned > 30_000) throw new Error(`${appId} was not ready 30 s after its start`);
    await sleep(10);
  }
  return performance.now() - spawned;
}

import type Redis from 'ioredis';
import { stackRedis } from '../support/stack-redis';
import { Supervisor } from '../../tools/stack/supervisor';
import { keepEveryMessage } from '../scale-out/chat-load';
import { sidecarName, startE2eStack, type E2eStack } from '../support/e2e-stack';
import { eventually } from '../support/eventually';
import { faultUnderLoad } from './fault-under-load';

const LOAD = {
  ratePerS: 20,
  actorIds: 50,
  idPrefix: 'sidecar-restart',
  loadMs: 15_000,
  faultAfterMs: 4_000,
  warmUp: true,
};
// Measured: see README (Fail-over, measured); the bound leaves room for a loaded machine.
const RECOVERY_BOUND_MS = 15_000;

describe('a sidecar killed with SIGKILL and restarted by the supervisor, under load', () => {
  let e2e: E2eStack;
  let redis: Redis;
  let supervisor: Supervisor;
  const said: string[] = [];
  const unexpectedExits: string[] = [];

  beforeAll(async () => {
    e2e = await startE2eStack({ apps: ['chat-agent'], env: keepEveryMessage(LOAD, LOAD.loadMs) });
    redis = stackRedis(e2e);
    e2e.stack.onUnexpectedExit(({ name }) => unexpectedExits.push(name));
    // What `npm start` does for a replicated app, here for the single chat-agent's daprd only.
    supervisor = new Supervisor(e2e.stack, {
      supervised: [sidecarName('chat-agent')],
      say: (line) => said.push(line),
      giveUp: (reason) => said.push(`gave up: ${reason}`),
    });
  });

  afterAll(async () => {
    supervisor?.stop();
    redis?.disconnect();
    await e2e?.stop();
  });

  it('serves again through the same app process, which never restarts, and loses no acknowledged message', async () => {
    const app = e2e.stack.process('chat-agent');
    const sidecar = e2e.stack.process(sidecarName('chat-agent'));
    const appPid = app.pid;
    const sidecarPid = sidecar.pid;
    const run = await faultUnderLoad(e2e.app('chat-agent'), redis, LOAD, async () => {
      // A crash, not a stop: the supervisor sees an unexpected exit (kill() would be a stop it was asked for).
      sidecar.signalGroup('SIGKILL');
      await eventually(
        'the supervisor to restart the killed daprd',
        () => Promise.resolve(said),
        (lines) => lines.some((line) => line.includes('is healthy again')),
      );
    });
    process.stdout.write(
      `sidecar restart: chat-agent-daprd (pid ${sidecarPid}) killed with SIGKILL, restarted by the supervisor ` +
        `(pid ${sidecar.pid}): ${said.join('; ')}; chat-agent kept pid ${app.pid}; ${run.summary}\n`,
    );
    expect(said.filter((line) => line.startsWith('gave up'))).toEqual([]);
    expect(sidecar.pid).not.toBe(sidecarPid);
    expect(app.pid).toBe(appPid);
    expect(app.running).toBe(true);
    expect(unexpectedExits).toEqual([sidecarName('chat-agent')]);
    expect(run.lost).toEqual([]);
    expect(run.recoveryMs).toBeLessThan(RECOVERY_BOUND_MS);
  });
});

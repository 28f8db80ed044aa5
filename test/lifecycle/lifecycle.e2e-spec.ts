import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { sidecarName, startE2eStack, type E2eStack } from '../support/e2e-stack';
import { eventually } from '../support/eventually';
import { AppLogWindow } from './app-log';
import { FixedRateLoad, type LoadRequest } from '../support/fixed-rate-load';

const SHUTDOWN_DELAY_MS = 1_000;
const SHUTDOWN_TIMEOUT_MS = 6_000;
const EXIT_BOUND_MS = SHUTDOWN_DELAY_MS + SHUTDOWN_TIMEOUT_MS + 1_000;
const APPS = ['chat-agent', 'callee-app', 'caller-app'];
const REDIS_APPS = ['chat-agent', 'caller-app'];
const REDIS_OUTAGE_MS = 30_000;
const READY_AGAIN_WITHIN_MS = 5_000;
const LOAD_INTERVAL_MS = 25;
// Requests sent this close to the signal may reach the app after it (the client writes them a moment
// after fetch() is called): they are reported, not judged.
const SIGNAL_MARGIN_MS = 10;

interface Stopped {
  app: string;
  ms: number;
  code: number | null;
  signal: string | null;
  /** The app's last log lines when it did not exit 0: why. */
  lastLines?: string[];
}

/**
 * The apps' lifecycle on real processes (daprd, redis-server, the apps): SIGTERM with everything up
 * under load, with the sidecar down and with Redis down; Redis lost and back while they run; an app
 * started before its Redis. One stack, the apps of each scenario in parallel; figures are printed.
 */
describe('lifecycle under dependency loss', () => {
  let e2e: E2eStack;

  const readiness = async (app: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${e2e.app(app).url}/health/ready`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const readyStatus = async (app: string): Promise<number> => (await readiness(app)).status;

  /** SIGTERM to the app; how long it took to exit, and how. */
  const terminate = async (app: string): Promise<Stopped> => {
    const log = new AppLogWindow(e2e.logDir, app);
    const started = performance.now();
    // The stack's own SIGKILL fallback comes well after the bound, so a hang shows as a slow exit.
    const exit = await e2e.stack.process(app).stop(EXIT_BOUND_MS * 3);
    if (!exit) throw new Error(`${app} was not running when the test sent SIGTERM; see ${e2e.logDir}/${app}.log`);
    const stopped = { app, ms: Math.round(performance.now() - started), code: exit.code, signal: exit.signal };
    return exit.code === 0 ? stopped : { ...stopped, lastLines: log.lines().slice(-3) };
  };
  const report = (scenario: string, stopped: Stopped[]): void => {
    const lines = stopped.map(({ app, ms, code, signal }) => `  ${app}: exited ${signal ?? code} after ${ms} ms`);
    process.stdout.write(`${scenario} (SHUTDOWN_TIMEOUT ${SHUTDOWN_TIMEOUT_MS} ms):\n${lines.join('\n')}\n`);
  };
  const expectCleanExits = (stopped: Stopped[]): void => {
    for (const exit of stopped) {
      expect(exit).toEqual({ app: exit.app, ms: expect.any(Number), code: 0, signal: null });
      expect(exit.ms).toBeLessThan(EXIT_BOUND_MS);
    }
  };
  /** How long after `since` each app answers /health/ready with 200. */
  const msUntilReady = (apps: string[], since: number): Promise<number[]> =>
    Promise.all(
      apps.map(async (app) => {
        await eventually(
          `${app} to be ready`,
          () => readyStatus(app),
          (status) => status === 200,
          15_000,
        );
        return Math.round(performance.now() - since);
      }),
    );
  /** Starts a stopped process again and waits until it is healthy (an app: live). */
  const restart = (name: string): Promise<void> => e2e.stack.restart(name);
  /** What a scenario starts from, whatever the one before it left: every app and sidecar, and Redis. */
  const everythingRunning = async (): Promise<void> => {
    const names = ['redis', ...APPS, ...APPS.map((app) => sidecarName(app))];
    await Promise.all(names.filter((name) => !e2e.stack.process(name).running).map(restart));
    for (const app of APPS)
      await eventually(
        `${app} ready`,
        () => readyStatus(app),
        (status) => status === 200,
      );
  };

  beforeAll(async () => {
    e2e = await startE2eStack({
      env: {
        SHUTDOWN_DELAY: `${SHUTDOWN_DELAY_MS}ms`,
        SHUTDOWN_TIMEOUT: `${SHUTDOWN_TIMEOUT_MS}ms`,
        // The callee's every greeting takes a while (and none fails), so that a SIGTERM finds some in flight.
        SIMULATE_FAILURE: 'true',
        MAX_FAILS_BEFORE_SUCCESS: '0',
        SIMULATED_LATENCY: '300ms',
        FAULT_INJECTION_ENABLED: 'true',
        // No reminder or timer of the load's actors fires during a later scenario: with Redis down, each
        // would retry its state write for longer than this test's short SHUTDOWN_TIMEOUT (see README).
        CHAT_CLEAR_HISTORY_AFTER: '1h',
        CHAT_HEARTBEAT_PERIOD: '1h',
      },
    });
  });

  afterAll(() => e2e?.stop());

  it('lists each dependency in /health/ready: the sidecar everywhere, Redis where BullMQ needs it', async () => {
    for (const app of APPS) {
      const { status, body } = await eventually(
        `${app} to be ready`,
        () => readiness(app),
        (answer) => answer.status === 200,
      );
      expect(status).toBe(200);
      const expected = REDIS_APPS.includes(app) ? ['dapr-sidecar', 'heap', 'redis'] : ['dapr-sidecar', 'heap'];
      expect(Object.keys(body.details as object).sort()).toEqual(expected);
    }
  });

  it('refuses to start on a port in use with one JSON line that says what to do', () => {
    const callee = e2e.definition.apps.find((app) => app.appId === 'callee-app');
    if (!callee) throw new Error('callee-app is not in dapr.yaml');
    const [command, ...args] = callee.command;
    const second = spawnSync(command, args, {
      cwd: callee.cwd,
      env: { ...process.env, APP_ID: 'callee-app', APP_PORT: String(callee.appPort), DAPR_HTTP_PORT: '1' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    const lines = second.stdout.trim().split('\n');
    expect({ status: second.status, stderr: second.stderr }).toEqual({ status: 1, stderr: '' });
    expect(JSON.parse(lines[lines.length - 1])).toMatchObject({
      level: 60,
      msg: `port ${callee.appPort} (APP_PORT) is in use by another process: stop it, or set APP_PORT to a free port`,
    });
  });

  it('rides out Redis down for 30 s: not ready during, ready within 5 s after, a few JSON log lines', async () => {
    const logs = new Map(REDIS_APPS.map((app) => [app, new AppLogWindow(e2e.logDir, app)]));
    await e2e.stack.process('redis').kill();
    const downAt = performance.now();
    const during = new Map<string, number[]>(REDIS_APPS.map((app) => [app, []]));
    while (performance.now() - downAt < REDIS_OUTAGE_MS) {
      await sleep(1_000);
      for (const app of REDIS_APPS) during.get(app)?.push(await readyStatus(app));
    }
    await restart('redis');
    const backAt = performance.now();
    const readyAfterMs = await msUntilReady(REDIS_APPS, backAt);

    REDIS_APPS.forEach((app, index) => {
      const lines = logs.get(app)?.lines() ?? [];
      const aboutRedis = lines.filter((line) => /redis/i.test(line));
      process.stdout.write(
        `Redis down ${Math.round((backAt - downAt) / 1000)} s, ${app}: readiness during ${[...new Set(during.get(app))].join('/')}, ` +
          `ready ${readyAfterMs[index]} ms after Redis was back; ${lines.length} log lines, ${aboutRedis.length} about Redis\n`,
      );
      expect(during.get(app)?.every((status) => status === 503)).toBe(true);
      expect(readyAfterMs[index]).toBeLessThan(READY_AGAIN_WITHIN_MS);
      expect(logs.get(app)?.notJson()).toEqual([]);
      expect(aboutRedis.length).toBeGreaterThan(0);
      expect(aboutRedis.length).toBeLessThan(10);
    });
  });

  // Two failed state writes, retried 1 s apart within the actor's turn: the message being handled at the
  // signal, and those queued behind it for the same actor, whose turns daprd calls in during the drain.
  const slowNextMessage = async (): Promise<void> => {
    const response = await fetch(`${e2e.app('chat-agent').url}/faults/state`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ failNext: 2 }),
    });
    expect(response.status).toBe(200);
  };

  it('on SIGTERM under a fixed-rate load, answers every request sent before it and exits 0 in time', async () => {
    await everythingRunning();
    const sends: Record<string, { expected: number; send: (n: number) => Promise<Response> }> = {
      'callee-app': { expected: 200, send: (n) => fetch(`${e2e.app('callee-app').url}/greet/load${n}`) },
      'caller-app': {
        expected: 202,
        send: (n) => fetch(`${e2e.app('caller-app').url}/call-greet/load${n}/jobs`, { method: 'POST' }),
      },
      'chat-agent': {
        expected: 200,
        send: (n) =>
          fetch(`${e2e.app('chat-agent').url}/chat/load-${n % 50}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ role: 'user', content: `message ${n}` }),
          }),
      },
    };
    const logs = APPS.map((app) => new AppLogWindow(e2e.logDir, app));
    const results = await Promise.all(
      APPS.map(async (app) => {
        let sent = 0;
        const load = new FixedRateLoad(() => sends[app].send(sent++), LOAD_INTERVAL_MS);
        await sleep(1_800);
        if (app === 'chat-agent') await slowNextMessage();
        await sleep(200);
        const signalAt = performance.now();
        const stopped = await terminate(app);
        await sleep(500);
        return { stopped, signalAt, requests: await load.stop() };
      }),
    );

    report(
      'SIGTERM under load',
      results.map(({ stopped }) => stopped),
    );
    for (const { stopped, signalAt, requests } of results) {
      const before = requests.filter((request) => request.sentAt < signalAt - SIGNAL_MARGIN_MS);
      const inFlight = before.filter((request) => request.answeredAt > signalAt);
      const near = requests.filter((request) => Math.abs(request.sentAt - signalAt) <= SIGNAL_MARGIN_MS);
      const after = requests.filter((request) => request.sentAt > signalAt + SIGNAL_MARGIN_MS);
      process.stdout.write(
        `  ${stopped.app}: ${before.length} requests sent before the signal (${inFlight.length} in flight at it): ` +
          `${summary(before)}; ${near.length} within ${SIGNAL_MARGIN_MS} ms of it: ${summary(near)}; after it: ${summary(after)}\n`,
      );
      const unexpected = before.filter((request) => request.outcome !== sends[stopped.app].expected);
      expect({ app: stopped.app, unexpected }).toEqual({ app: stopped.app, unexpected: [] });
      // SHUTDOWN_DELAY: served as before (each answer closing its connection) while a load balancer would
      // drop the instance; the margin at its end covers requests still on their way when it ends.
      const delayed = after.filter((request) => request.sentAt < signalAt + SHUTDOWN_DELAY_MS - 200);
      expect(delayed.length).toBeGreaterThan(0);
      const refused = delayed.filter((request) => request.outcome !== sends[stopped.app].expected);
      expect({ app: stopped.app, refusedDuringDelay: refused }).toEqual({ app: stopped.app, refusedDuringDelay: [] });
    }
    expect(results.find(({ stopped }) => stopped.app === 'callee-app')?.requests.length).toBeGreaterThan(0);
    for (const app of ['callee-app', 'chat-agent']) {
      const inFlight = results
        .filter(({ stopped }) => stopped.app === app)
        .flatMap(({ signalAt, requests }) => requests.filter((r) => r.sentAt < signalAt && r.answeredAt > signalAt));
      expect({ app, inFlight: inFlight.length > 0 }).toEqual({ app, inFlight: true });
    }
    expectCleanExits(results.map(({ stopped }) => stopped));
    expect(logs.flatMap((log) => log.notJson())).toEqual([]);
    // chat-agent's daprd took its actors back before the app stopped serving its calls.
    const chatLog = logs[APPS.indexOf('chat-agent')].lines();
    expect(chatLog.filter((line) => /actors handed over in \d+ ms/.test(line))).toHaveLength(1);
  });

  it.each([
    ['its sidecar', () => Promise.all(APPS.map((app) => e2e.stack.process(sidecarName(app)).kill()))],
    ['Redis', () => e2e.stack.process('redis').kill()],
  ])('on SIGTERM with %s down, exits 0 in time', async (dependency, takeDown) => {
    await everythingRunning();
    const logs = APPS.map((app) => new AppLogWindow(e2e.logDir, app));
    await takeDown();
    await sleep(1_000);
    const stopped = await Promise.all(APPS.map(terminate));
    report(`SIGTERM with ${dependency} down`, stopped);
    expectCleanExits(stopped);
    expect(logs.flatMap((log) => log.notJson())).toEqual([]);
  });

  it.each([
    { dependency: 'Redis', check: 'redis', processes: ['redis'], apps: REDIS_APPS },
    { dependency: 'its sidecar', check: 'dapr-sidecar', processes: APPS.map((app) => sidecarName(app)), apps: APPS },
  ])('starts without $dependency, reports not ready, and is ready once it runs', async (scenario) => {
    const { dependency, check, processes, apps } = scenario;
    await everythingRunning();
    await Promise.all(processes.map((name) => e2e.stack.process(name).kill()));
    await Promise.all(apps.map(terminate));
    const logs = apps.map((app) => new AppLogWindow(e2e.logDir, app));
    await Promise.all(apps.map(restart));
    await sleep(3_000);
    for (const app of apps) {
      expect(e2e.stack.process(app).running).toBe(true);
      const { status, body } = await readiness(app);
      const state = (body.details as Record<string, { status: string }>)[check].status;
      expect({ app, status, [check]: state }).toEqual({ app, status: 503, [check]: 'down' });
    }
    await Promise.all(processes.map(restart));
    const readyAfterMs = await msUntilReady(apps, performance.now());
    process.stdout.write(
      `started before ${dependency}: ${apps.map((app, i) => `${app} ready ${readyAfterMs[i]} ms after it runs`).join(', ')}\n`,
    );
    for (const ms of readyAfterMs) expect(ms).toBeLessThan(READY_AGAIN_WITHIN_MS);
    // A new user's first run: every line JSON, no ioredis stack on stderr.
    expect(logs.flatMap((log) => log.notJson())).toEqual([]);
  });

  describe('with a request that outlasts SHUTDOWN_TIMEOUT (Redis frozen under a chat message)', () => {
    const freezeRedisUnderAMessage = async (): Promise<{ message: Promise<unknown> }> => {
      await everythingRunning();
      e2e.stack.process('redis').signalGroup('SIGSTOP');
      const message = fetch(`${e2e.app('chat-agent').url}/chat/frozen`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'user', content: 'stuck' }),
      }).catch((error: Error) => error);
      await sleep(500);
      // Wrapped: an async function returning the promise itself would wait for the answer.
      return { message };
    };
    afterEach(() => e2e.stack.process('redis').signalGroup('SIGCONT'));

    it('gives up at the deadline, logs what was still open and exits 1', async () => {
      const { message } = await freezeRedisUnderAMessage();
      const log = new AppLogWindow(e2e.logDir, 'chat-agent');
      const stopped = await terminate('chat-agent');
      await message;
      report('SIGTERM with a request stuck in flight', [stopped]);
      expect(stopped).toMatchObject({ code: 1, signal: null });
      expect(stopped.ms).toBeGreaterThanOrEqual(SHUTDOWN_DELAY_MS + SHUTDOWN_TIMEOUT_MS);
      expect(stopped.ms).toBeLessThan(EXIT_BOUND_MS);
      const gaveUp = log.lines().find((line) => line.includes('shutdown did not finish'));
      expect(JSON.parse(gaveUp ?? '{}')).toMatchObject({
        level: 50,
        // The client's request, and daprd's call of the actor's turn within it.
        stillOpen: { requests: ['POST /chat/frozen', 'PUT /actors/ChatAgent/frozen/method/ProcessMessage'] },
        msg: expect.stringContaining(
          `within ${SHUTDOWN_TIMEOUT_MS} ms (SHUTDOWN_TIMEOUT), stuck finishing the requests`,
        ),
      });
    });

    it('exits at once on a second signal', async () => {
      const { message } = await freezeRedisUnderAMessage();
      const app = e2e.stack.process('chat-agent');
      const exited = app.stop(EXIT_BOUND_MS * 3);
      await sleep(500);
      const secondAt = performance.now();
      app.signalGroup('SIGTERM');
      const exit = await exited;
      const ms = Math.round(performance.now() - secondAt);
      await message;
      process.stdout.write(`second SIGTERM: chat-agent exited ${exit?.code} ${ms} ms after it\n`);
      expect(exit).toMatchObject({ code: 143, signal: null });
      expect(ms).toBeLessThan(500);
    });
  });
});

function summary(requests: LoadRequest[]): string {
  const counts = new Map<string, number>();
  for (const { outcome } of requests) counts.set(String(outcome), (counts.get(String(outcome)) ?? 0) + 1);
  return [...counts].map(([outcome, count]) => `${count}× ${outcome}`).join(', ') || 'none';
}

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT_DIR } from '../support/e2e-stack';

/** Starts a built app with only `env` and returns how it ended. */
function boot(app: string, env: Record<string, string>): { status: number | null; stderr: string } {
  const run = spawnSync('node', [join(ROOT_DIR, `dist/apps/${app}/main.js`)], {
    cwd: ROOT_DIR,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: run.status, stderr: run.stderr };
}

describe('typed configuration: an app with a bad environment stops at boot with one message naming every bad variable', () => {
  it('caller: service, Redis, deadline and a retry policy missing from resiliency.yaml', () => {
    expect(
      boot('caller', {
        APP_ID: 'caller-app',
        APP_PORT: '99999',
        DAPR_HTTP_PORT: '3502',
        REDIS_PORT: '0',
        INVOKE_DEADLINE: 'soon',
        GREET_JOB_RETRY_POLICY: 'nope',
        DAPR_RESOURCES_PATH: join(ROOT_DIR, 'components'),
      }),
    ).toEqual({
      status: 1,
      stderr: [
        'Invalid service, redis, invocation, jobs configuration. Fix these environment variables and start again:',
        "  - APP_PORT ('99999'): APP_PORT must not be greater than 65535",
        "  - REDIS_PORT ('0'): REDIS_PORT must not be less than 1",
        "  - INVOKE_DEADLINE ('soon'): INVOKE_DEADLINE must be a duration: write it like 1h, 30s, 1m30s or 250ms",
        `  - GREET_JOB_RETRY_POLICY ('nope'): retry policy 'nope' is not in the Resiliency resources of ${join(ROOT_DIR, 'components')} for caller-app; known: myRetryPolicy, chatRelayRetry, actorStateRetry, pubsubDeliveryRetry`,
        '',
      ].join('\n'),
    });
  });

  it('caller: a resources path that does not exist', () => {
    const run = boot('caller', {
      APP_ID: 'caller-app',
      APP_PORT: '8002',
      DAPR_HTTP_PORT: '3502',
      DAPR_RESOURCES_PATH: '/nowhere',
    });
    expect(run).toEqual({
      status: 1,
      stderr:
        'Invalid jobs configuration. Fix these environment variables and start again:\n' +
        "  - GREET_JOB_RETRY_POLICY ('myRetryPolicy'): resources path '/nowhere' does not exist: set DAPR_RESOURCES_PATH to the directory daprd loads with --resources-path\n",
    });
  });

  it('chat-agent: actor settings, the event outbox, the history cap, and its state retry policy', () => {
    const chatAgent = (env: Record<string, string>) =>
      boot('chat-agent', {
        APP_ID: 'chat-agent',
        APP_PORT: '8000',
        DAPR_HTTP_PORT: '3500',
        DAPR_RESOURCES_PATH: join(ROOT_DIR, 'components'),
        ...env,
      });

    expect(chatAgent({ ACTOR_IDLE_TIMEOUT: 'forever', EVENTS_PUBLISH_ATTEMPTS: '0', CHAT_HISTORY_LIMIT: '0' })).toEqual(
      {
        status: 1,
        stderr: [
          'Invalid actors, pubsub, chat configuration. Fix these environment variables and start again:',
          "  - ACTOR_IDLE_TIMEOUT ('forever'): ACTOR_IDLE_TIMEOUT must be a duration: write it like 1h, 30s, 1m30s or 250ms",
          "  - EVENTS_PUBLISH_ATTEMPTS ('0'): EVENTS_PUBLISH_ATTEMPTS must not be less than 1",
          "  - CHAT_HISTORY_LIMIT ('0'): CHAT_HISTORY_LIMIT must not be less than 1",
          '',
        ].join('\n'),
      },
    );
    expect(chatAgent({ ACTOR_STATE_RETRY_POLICY: 'nope' }).stderr).toBe(
      'Invalid actors configuration. Fix these environment variables and start again:\n' +
        `  - ACTOR_STATE_RETRY_POLICY ('nope'): retry policy 'nope' is not in the Resiliency resources of ${join(ROOT_DIR, 'components')} for chat-agent; known: myRetryPolicy, chatRelayRetry, actorStateRetry, pubsubDeliveryRetry\n`,
    );
  });

  it('callee: every failure mode checked', () => {
    expect(
      boot('callee', {
        APP_ID: 'callee-app',
        APP_PORT: '8001',
        DAPR_HTTP_PORT: '3501',
        SIMULATE_FAILURE: 'yes',
        MAX_FAILS_BEFORE_SUCCESS: '-1',
        FAILURE_STATUS_CODE: '200',
        FAILURE_RATIO: '2',
        SIMULATED_LATENCY: '1',
      }),
    ).toEqual({
      status: 1,
      stderr: [
        'Invalid failure simulation configuration. Fix these environment variables and start again:',
        "  - SIMULATE_FAILURE ('yes'): SIMULATE_FAILURE must be a boolean value",
        "  - MAX_FAILS_BEFORE_SUCCESS ('-1'): MAX_FAILS_BEFORE_SUCCESS must not be less than 0",
        "  - FAILURE_STATUS_CODE ('200'): FAILURE_STATUS_CODE must not be less than 400",
        "  - FAILURE_RATIO ('2'): FAILURE_RATIO must not be greater than 1",
        "  - SIMULATED_LATENCY ('1'): SIMULATED_LATENCY must be a duration: write it like 1h, 30s, 1m30s or 250ms",
        '',
      ].join('\n'),
    });
  });
});

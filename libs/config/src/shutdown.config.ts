import { registerAs } from '@nestjs/config';
import { parseDuration } from '@daca/dapr';
import { IsDuration } from './duration';
import { validateEnv } from './validate-env';

class ShutdownEnv {
  /**
   * How long the app keeps serving after SIGTERM, closing each connection after its answer, while a load
   * balancer takes it out of rotation (Kubernetes: the pod's endpoint leaving its Services). 0 locally.
   */
  @IsDuration() SHUTDOWN_DELAY: string = '0s';
  /** After the delay: below Kubernetes' terminationGracePeriodSeconds less the delay (k8s/base/app-defaults.yaml). */
  @IsDuration() SHUTDOWN_TIMEOUT: string = '10s';
}

/**
 * How an app stops after SIGTERM or SIGINT: it keeps serving for `delayMs`, then finishes its work
 * within `timeoutMs` before it gives up and exits 1.
 */
export const shutdownConfig = registerAs('shutdown', () => {
  const env = validateEnv('shutdown', ShutdownEnv);
  return { delayMs: parseDuration(env.SHUTDOWN_DELAY), timeoutMs: parseDuration(env.SHUTDOWN_TIMEOUT) };
});

export type ShutdownConfig = ReturnType<typeof shutdownConfig>;

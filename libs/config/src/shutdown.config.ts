import { registerAs } from '@nestjs/config';
import { parseDuration } from '@daca/dapr';
import { IsDuration } from './duration';
import { validateEnv } from './validate-env';

class ShutdownEnv {
  /** Below Kubernetes' terminationGracePeriodSeconds less the preStop delay (k8s/base/app-defaults.yaml). */
  @IsDuration() SHUTDOWN_TIMEOUT: string = '10s';
}

/** How long an app may take, after SIGTERM or SIGINT, to finish its work before it gives up and exits 1. */
export const shutdownConfig = registerAs('shutdown', () => {
  const env = validateEnv('shutdown', ShutdownEnv);
  return { timeoutMs: parseDuration(env.SHUTDOWN_TIMEOUT) };
});

export type ShutdownConfig = ReturnType<typeof shutdownConfig>;

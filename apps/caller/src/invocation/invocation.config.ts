import { registerAs } from '@nestjs/config';
import { IsDuration, validateEnv } from '@daca/config';
import { parseDuration } from '@daca/dapr';

class InvocationEnv {
  /** The longest the caller waits for one invocation, the sidecar's retries included. */
  @IsDuration()
  INVOKE_DEADLINE: string = '60s';
}

/** Limits of the caller's calls through its sidecar. */
export const invocationConfig = registerAs('invocation', () => {
  const env = validateEnv('invocation', InvocationEnv);
  return { deadlineMs: parseDuration(env.INVOKE_DEADLINE) };
});

export type InvocationConfig = ReturnType<typeof invocationConfig>;

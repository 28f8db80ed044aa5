import { registerAs } from '@nestjs/config';
import { IsNotEmpty, IsString } from 'class-validator';
import { validateEnv } from '@daca/config';
import { configuredRetryPolicy } from '@daca/retry';

class JobsEnv {
  /** The retry policy of components/resiliency.yaml that greet jobs follow. */
  @IsString()
  @IsNotEmpty()
  GREET_JOB_RETRY_POLICY: string = 'myRetryPolicy';
}

/** Durable greet jobs: the shared policy, read from resiliency.yaml at boot, that spaces and bounds their attempts. */
export const jobsConfig = registerAs('jobs', () => {
  const env = validateEnv('jobs', JobsEnv);
  return { retryPolicy: configuredRetryPolicy('jobs', 'GREET_JOB_RETRY_POLICY', env.GREET_JOB_RETRY_POLICY) };
});

export type JobsConfig = ReturnType<typeof jobsConfig>;

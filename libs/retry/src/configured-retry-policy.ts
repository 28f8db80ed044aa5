import { ConfigValidationError } from '@daca/config';
import { resiliencyConfig } from './resiliency.config';
import { ResiliencyPolicies } from './resiliency-policies';
import type { RetryPolicy } from '@daca/dapr';

/**
 * For a config factory: the retry policy that environment variable `variable` names, read from the
 * Resiliency resources the app's sidecar loads. A missing or unusable policy stops the app at boot.
 */
export function configuredRetryPolicy(section: string, variable: string, name: string): RetryPolicy {
  try {
    return new ResiliencyPolicies(resiliencyConfig()).retry(name);
  } catch (error) {
    if (error instanceof ConfigValidationError) throw error;
    throw new ConfigValidationError(section, [`${variable} ('${name}'): ${(error as Error).message}`]);
  }
}

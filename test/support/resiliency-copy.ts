import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT_DIR } from './e2e-stack';

type Policies = Record<string, Record<string, unknown>>;

/** The policies section of components/resiliency.yaml, to edit a copy of. */
export interface EditablePolicies {
  timeouts: Record<string, string>;
  retries: Policies;
  circuitBreakers: Policies;
}

/**
 * The shipped components/resiliency.yaml with its policies edited, e.g. shorter waits, as the text
 * of a file for startE2eStack's `components` (the shipped file keeps the lab's values).
 */
export function resiliencyCopy(edit: (policies: EditablePolicies) => void): string {
  const document = parse(readFileSync(join(ROOT_DIR, 'components/resiliency.yaml'), 'utf8')) as {
    spec: { policies: EditablePolicies };
  };
  edit(document.spec.policies);
  return stringify(document);
}

/** The shipped policies with waits short enough for tests: 100ms between retries, 2s in an open breaker. */
export const fastResiliency = (edit: (policies: EditablePolicies) => void = () => undefined): string =>
  resiliencyCopy((policies) => {
    policies.retries.myRetryPolicy.duration = '100ms';
    policies.retries.chatRelayRetry.duration = '100ms';
    policies.circuitBreakers.calleeBreaker.timeout = '2s';
    edit(policies);
  });

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT_DIR } from '../../support/e2e-stack';

export const COMPOSE_SECRETS_SCRIPT = join(ROOT_DIR, 'tools/deploy/compose-secrets.sh');

/** What compose.env sets for docker-compose.yml. */
export const COMPOSE_VARIABLES = [
  'APP_API_TOKEN',
  'DAPR_API_TOKEN',
  'REDIS_PASSWORD',
  'DAPR_TRUST_ANCHORS',
  'DACA_COMPOSE_SECRETS',
] as const;

/** Runs tools/deploy/compose-secrets.sh, which prints the path of compose.env. */
export const composeSecrets = (...args: string[]): string =>
  execFileSync('bash', [COMPOSE_SECRETS_SCRIPT, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();

/** The variables of COMPOSE_VARIABLES as a shell that sources `envFile` sees them. */
export function sourced(envFile: string): Record<string, string> {
  const print = `process.stdout.write(JSON.stringify(Object.fromEntries(process.argv.slice(1).map((n) => [n, process.env[n]]))))`;
  const script = `. "$1" && node -e '${print}' ${COMPOSE_VARIABLES.join(' ')}`;
  return JSON.parse(
    execFileSync('sh', ['-c', script, 'sh', envFile], { encoding: 'utf8', env: { PATH: process.env.PATH } }),
  ) as Record<string, string>;
}

import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The two tokens between every app and its daprd, named after the variables both read. */
export interface StackTokens {
  /** daprd sends it with every call to its app; the app refuses daprd's routes without it. */
  APP_API_TOKEN: string;
  /** The app sends it with every call to its daprd; daprd refuses its API without it. */
  DAPR_API_TOKEN: string;
}

const randomToken = (): string => randomBytes(32).toString('base64url');

/** The tokens given in `env`, else new random ones: a stack never runs with a token known in advance. */
export function stackTokens(env: NodeJS.ProcessEnv = process.env): StackTokens {
  return {
    APP_API_TOKEN: env.APP_API_TOKEN || randomToken(),
    DAPR_API_TOKEN: env.DAPR_API_TOKEN || randomToken(),
  };
}

/**
 * The password of the stack's Redis: REDIS_PASSWORD of `env`, else a new random one, like the tokens.
 * Redis refuses every client without it; the sidecars read it through the stack's secret store.
 */
export function stackRedisPassword(env: NodeJS.ProcessEnv = process.env): string {
  return env.REDIS_PASSWORD || randomToken();
}

/** A value quoted for a POSIX shell, whatever characters it holds. */
const shellQuoted = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * Writes the secrets as shell assignments to a new file only the user can read, outside the repo, for
 * `source` before calling daprd or Redis by hand; returns its path. Remove its directory when the stack stops.
 */
export function writeTokensFile(secrets: Record<string, string>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'daca-tokens-')), 'tokens.env');
  const lines = Object.entries(secrets).map(([name, value]) => `export ${name}=${shellQuoted(value)}\n`);
  writeFileSync(file, lines.join(''), { mode: 0o600 });
  return file;
}

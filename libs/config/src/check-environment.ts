import { ConfigValidationError } from './config-validation.error';

/**
 * Runs an app's configuration factories (registerAs) before it boots and, when any is invalid,
 * prints one message listing every bad variable of all of them and exits 1 (Nest alone would stop
 * at the first invalid section).
 */
export function checkEnvironment(...factories: (() => unknown)[]): void {
  const errors: ConfigValidationError[] = [];
  for (const factory of factories) {
    try {
      factory();
    } catch (error) {
      if (!(error instanceof ConfigValidationError)) throw error;
      errors.push(error);
    }
  }
  if (errors.length === 0) return;
  process.stderr.write(`${ConfigValidationError.combine(errors).message}\n`);
  process.exit(1);
}

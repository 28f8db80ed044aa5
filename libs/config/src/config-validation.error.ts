import type { ValidationError } from 'class-validator';

/** Thrown at boot when the environment is invalid; its message lists every bad variable. */
export class ConfigValidationError extends Error {
  constructor(section: string, errors: ValidationError[], env: NodeJS.ProcessEnv) {
    const lines = errors.map((error) => {
      const raw = env[error.property];
      const value = raw === undefined ? 'unset' : `'${raw}'`;
      const reasons = Object.values(error.constraints ?? {}).join('; ');
      return `  - ${error.property} (${value}): ${reasons}`;
    });
    super(`Invalid ${section} configuration. Fix these environment variables and start again:\n${lines.join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

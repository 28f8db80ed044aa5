/** Thrown at boot when the environment is invalid; its message lists every bad variable. */
export class ConfigValidationError extends Error {
  /**
   * @param section what the variables configure, e.g. `service`
   * @param problems one line per bad variable, e.g. `APP_PORT ('80000'): APP_PORT must not be greater than 65535`
   */
  constructor(
    readonly section: string,
    readonly problems: string[],
  ) {
    super(
      `Invalid ${section} configuration. Fix these environment variables and start again:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'ConfigValidationError';
  }

  /** The problems of several sections in one error, each variable once. */
  static combine(errors: ConfigValidationError[]): ConfigValidationError {
    const sections = [...new Set(errors.map((error) => error.section))];
    return new ConfigValidationError(sections.join(', '), [...new Set(errors.flatMap((error) => error.problems))]);
  }
}

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The lines a process writes to its e2e log from now on. */
export class AppLogWindow {
  private readonly from: number;

  constructor(
    private readonly logDir: string,
    private readonly name: string,
  ) {
    this.from = statSync(this.path).size;
  }

  lines(): string[] {
    return readFileSync(this.path).subarray(this.from).toString('utf8').split('\n').filter(Boolean);
  }

  /** The lines that are not one JSON object each. */
  notJson(): string[] {
    return this.lines().filter((line) => {
      try {
        return typeof JSON.parse(line) !== 'object';
      } catch {
        return true;
      }
    });
  }

  private get path(): string {
    return join(this.logDir, `${this.name}.log`);
  }
}

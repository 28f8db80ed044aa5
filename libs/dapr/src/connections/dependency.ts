import type { LoggerService } from '@nestjs/common';

/** A dependency that keeps failing is reported when it goes down, then at most once per this interval. */
export const REPORT_INTERVAL_MS = 30_000;

/** Whether a dependency is up, since when, and why not. */
export interface DependencyState {
  up: boolean;
  /** When the dependency last went up or down (ms since the epoch). */
  since: number;
  /** Why it is down: the last error of each connection that is down. */
  reason?: string;
}

/**
 * One thing the app needs (Redis, …), reached through one or more connections: up while every
 * connection is up. Logs its state changes, and failures while down at a bounded rate, never once
 * per reconnect attempt, so a long outage costs a handful of log lines.
 */
export class Dependency {
  private readonly down = new Map<string, string>();
  private changedAt: number;
  private reportedAt?: number;
  private failuresSinceReport = 0;

  constructor(
    readonly name: string,
    /** What the app cannot do while the dependency is down, for the log line that says it went down. */
    private readonly impact: string,
    private readonly logger: LoggerService,
    private readonly now: () => number = Date.now,
  ) {
    this.changedAt = now();
  }

  get state(): DependencyState {
    const reason = [...this.down].map(([connection, error]) => `${connection}: ${error}`).join('; ');
    return this.down.size === 0 ? { up: true, since: this.changedAt } : { up: false, since: this.changedAt, reason };
  }

  /** A connection that has not connected yet: the dependency is down until it does, without a log line. */
  connecting(connection: string): void {
    if (this.down.size === 0) this.changedAt = this.now();
    this.down.set(connection, 'not connected yet');
  }

  connected(connection: string): void {
    if (!this.down.delete(connection) || this.down.size > 0) return;
    const outage = this.reportedAt === undefined ? 'up' : `back after ${this.secondsDown()} s`;
    this.logger.log({ dependency: this.name }, `${this.name} is ${outage}`);
    this.changedAt = this.now();
    this.reportedAt = undefined;
    this.failuresSinceReport = 0;
  }

  /** A connection that closed: down, unless its failure was reported already. */
  lost(connection: string): void {
    if (!this.down.has(connection)) this.failed(connection, new Error('connection closed'));
  }

  /** A failed attempt of a connection (to connect, or to do its work). */
  failed(connection: string, error: Error): void {
    if (this.down.size === 0) this.changedAt = this.now();
    this.down.set(connection, error.message);
    this.failuresSinceReport += 1;
    const now = this.now();
    if (this.reportedAt === undefined) {
      this.logger.warn(
        { dependency: this.name, err: error },
        `${this.name} is down (${connection}: ${error.message}): ${this.impact}. ` +
          `Retrying; reported again every ${REPORT_INTERVAL_MS / 1000} s while it lasts`,
      );
    } else if (now - this.reportedAt >= REPORT_INTERVAL_MS) {
      this.logger.warn(
        { dependency: this.name, failures: this.failuresSinceReport, err: error },
        `${this.name} is still down after ${this.secondsDown()} s ` +
          `(${this.failuresSinceReport} failed attempts since the last report; last: ${error.message})`,
      );
    } else {
      return;
    }
    this.reportedAt = now;
    this.failuresSinceReport = 0;
  }

  private secondsDown(): number {
    return Math.round((this.now() - this.changedAt) / 1000);
  }
}

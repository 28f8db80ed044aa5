import type { LoggerService } from '@nestjs/common';
import { Dependency, REPORT_INTERVAL_MS } from './dependency';

describe('Dependency', () => {
  let now: number;
  let lines: { level: string; message: string }[];
  let redis: Dependency;
  const logger = {
    log: (_fields: unknown, message: string) => lines.push({ level: 'info', message }),
    warn: (_fields: unknown, message: string) => lines.push({ level: 'warn', message }),
  } as unknown as LoggerService;
  const refused = new Error('connect ECONNREFUSED 127.0.0.1:6379');

  beforeEach(() => {
    now = 0;
    lines = [];
    redis = new Dependency('redis', 'jobs wait', logger, () => now);
    redis.connecting('queue');
    redis.connecting('worker');
  });

  it('is down until every connection has connected, without a log line before a failure', () => {
    expect(redis.state).toEqual({ up: false, since: 0, reason: 'queue: not connected yet; worker: not connected yet' });
    redis.connected('queue');
    expect(redis.state.up).toBe(false);
    now = 1_000;
    redis.connected('worker');
    expect(redis.state).toEqual({ up: true, since: 1_000 });
    expect(lines).toEqual([{ level: 'info', message: 'redis is up' }]);
  });

  it('logs an outage when it starts, then at most once per interval however often reconnecting fails', () => {
    redis.connected('queue');
    redis.connected('worker');
    lines = [];
    for (let second = 0; second <= 65; second += 1) {
      now = 10_000 + second * 1_000;
      redis.failed('queue', refused);
      redis.failed('worker', refused);
    }
    expect(lines.map((line) => line.message)).toEqual([
      expect.stringMatching(/^redis is down \(queue: connect ECONNREFUSED 127.0.0.1:6379\): jobs wait\. /),
      expect.stringMatching(/^redis is still down after 30 s \(60 failed attempts since the last report/),
      expect.stringMatching(/^redis is still down after 60 s \(60 failed attempts since the last report/),
    ]);
    expect(REPORT_INTERVAL_MS).toBe(30_000);
    now = 80_000;
    redis.connected('queue');
    redis.connected('worker');
    expect(lines.at(-1)).toEqual({ level: 'info', message: 'redis is back after 70 s' });
    expect(redis.state).toEqual({ up: true, since: 80_000 });
  });

  it('keeps the error of a connection that failed when it then closes', () => {
    redis.failed('queue', refused);
    redis.lost('queue');
    expect(redis.state.reason).toBe('queue: connect ECONNREFUSED 127.0.0.1:6379; worker: not connected yet');
  });
});

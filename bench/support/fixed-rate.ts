import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { join } from 'node:path';
import { median } from './rounds';

/** One request vegeta sends; vegeta cycles through the list (e.g. one per actor id). */
export interface FixedRateTarget {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

/** What an open-model round measured: latencies in ms, rates in requests/s. */
export interface FixedRateRound {
  /** The rate asked for. */
  rate: number;
  /** The rate vegeta sent at (requests over the time from first to last send): it should equal `rate`. */
  achievedRate: number;
  p50: number;
  p90: number;
  p99: number;
  /** Share of requests answered 2xx/3xx, 0 to 1. */
  success: number;
  /** Answers per status; `0` counts requests that got none (refused, reset, timed out after 30 s). */
  statusCodes: Record<string, number>;
}

export interface FixedRateOptions {
  rate: number;
  seconds: number;
}

/** The fields of `vegeta report -type=json` we use; latencies in nanoseconds. */
interface VegetaReport {
  latencies: { '50th': number; '90th': number; '99th': number };
  rate: number;
  success: number;
  status_codes: Record<string, number>;
}

const ROOT_DIR = join(__dirname, '../..');
const NS_PER_MS = 1e6;

/** Finds or builds the pinned vegeta (tools/vegeta/install.sh, at once when cached); its progress goes to stderr. */
function vegeta(): string {
  const out = execFileSync('bash', [join(ROOT_DIR, 'tools/vegeta/install.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return out.trim().split('\n').pop() ?? '';
}

/** vegeta's JSON target format: one object per line, the body base64-encoded; a line without its newline is dropped. */
function targetLines(targets: FixedRateTarget[]): string {
  return targets
    .map(
      ({ method, url, headers = {}, body }) =>
        `${JSON.stringify({
          method,
          url,
          header: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
          ...(body !== undefined && { body: Buffer.from(body).toString('base64') }),
        })}\n`,
    )
    .join('');
}

/** Resolves when `child` exits 0; otherwise rejects with what it wrote on stderr. */
function exited(child: ChildProcessByStdio<Writable, Readable, Readable>, what: string): Promise<void> {
  const err: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${what} exited ${code}: ${Buffer.concat(err).toString().trim()}`)),
    );
  });
}

/**
 * Sends `rate` requests per second for `seconds`, whatever the answers (an open model: a slow answer
 * does not delay the next request, so queueing shows in the latencies, unlike autocannon's closed
 * loop), cycling through `targets`, and waits for every answer. vegeta adds connections as needed.
 */
export async function fixedRate(
  targets: FixedRateTarget[],
  { rate, seconds }: FixedRateOptions,
): Promise<FixedRateRound> {
  const bin = vegeta();
  // A request unanswered after 30 s counts as failed (status 0), so a round always ends.
  const attack = spawn(bin, ['attack', '-format=json', `-rate=${rate}/s`, `-duration=${seconds}s`, '-timeout=30s']);
  const report = spawn(bin, ['report', '-type=json']);
  attack.stdout.pipe(report.stdin);
  const out: Buffer[] = [];
  report.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  attack.stdin.end(targetLines(targets));
  await Promise.all([exited(attack, 'vegeta attack'), exited(report, 'vegeta report')]);
  const parsed = JSON.parse(Buffer.concat(out).toString()) as VegetaReport;
  return {
    rate,
    achievedRate: parsed.rate,
    p50: parsed.latencies['50th'] / NS_PER_MS,
    p90: parsed.latencies['90th'] / NS_PER_MS,
    p99: parsed.latencies['99th'] / NS_PER_MS,
    success: parsed.success,
    statusCodes: parsed.status_codes,
  };
}

export const describeFixedRate = (round: FixedRateRound): string =>
  `${round.achievedRate.toFixed(1)} req/s sent (of ${round.rate}), p50 ${round.p50.toFixed(2)} ms, ` +
  `p90 ${round.p90.toFixed(2)} ms, p99 ${round.p99.toFixed(2)} ms, ` +
  `${(round.success * 100).toFixed(1)}% ok, status ${JSON.stringify(round.statusCodes)}`;

/** The medians of a target's rounds at one rate, status codes summed. */
export function medianFixedRate(rounds: FixedRateRound[]): FixedRateRound {
  const statusCodes: Record<string, number> = {};
  for (const [status, count] of rounds.flatMap((round) => Object.entries(round.statusCodes))) {
    statusCodes[status] = (statusCodes[status] ?? 0) + count;
  }
  return {
    rate: rounds[0].rate,
    achievedRate: median(rounds.map((round) => round.achievedRate)),
    p50: median(rounds.map((round) => round.p50)),
    p90: median(rounds.map((round) => round.p90)),
    p99: median(rounds.map((round) => round.p99)),
    success: median(rounds.map((round) => round.success)),
    statusCodes,
  };
}

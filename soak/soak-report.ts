import type { SoakOptions } from './soak';
import type { Percentiles, SoakVerdict } from './verdict';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const latency = ({ count, p50Ms, p99Ms }: Percentiles): string =>
  count === 0 ? 'no answers' : `p50 ${p50Ms.toFixed(0)} ms, p99 ${p99Ms.toFixed(0)} ms (${count} answers)`;

/** The soak's report as printed: what ran, what was killed, and what it cost. */
export function formatSoakReport(options: SoakOptions, verdict: SoakVerdict): string {
  const faultsByProcess = new Map<string, number[]>();
  for (const fault of verdict.faults) {
    faultsByProcess.set(fault.process, [
      ...(faultsByProcess.get(fault.process) ?? []),
      fault.healthyAt - fault.killedAt,
    ]);
  }
  const lines = [
    `soak: ${verdict.requests} requests at ${options.ratePerS}/s over ${seconds(options.durationMs)} ` +
      `(seed ${options.seed}, ${options.actorIds} actor ids${options.ha ? ', HA control plane' : ''}), ` +
      `${verdict.faults.length} faults (kill -9, restarted after ${seconds(options.downMs)})`,
    ...[...faultsByProcess].map(
      ([process, downs]) =>
        `  ${process}: killed ${downs.length}×, healthy again after ${downs.map((ms) => seconds(ms)).join(', ')}`,
    ),
    `outcomes by request kind:`,
    ...Object.entries(verdict.outcomes).map(([kind, outcomes]) => `  ${kind}: ${JSON.stringify(outcomes)}`),
    `acknowledged writes: ${verdict.acknowledgedWrites}; lost: ${verdict.lostWrites.length}` +
      (verdict.lostWrites.length > 0 ? ` (${verdict.lostWrites.slice(0, 10).join('; ')})` : ''),
    `events: ${verdict.acknowledgedWrites} expected (one per acknowledged write), ` +
      `${verdict.acknowledgedWrites - verdict.undeliveredEvents.length} delivered at least once, ` +
      `${verdict.undeliveredEvents.length} never delivered, ${verdict.duplicateDeliveries} duplicate deliveries` +
      (verdict.undeliveredEvents.length > 0 ? ` (${verdict.undeliveredEvents.slice(0, 10).join('; ')})` : ''),
    `latency of answered requests: outside faults ${latency(verdict.latency.outsideFaults)}; ` +
      `during faults ${latency(verdict.latency.duringFaults)}`,
  ];
  return lines.join('\n');
}

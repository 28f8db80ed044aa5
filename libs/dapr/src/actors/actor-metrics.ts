import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { DaprMetricsRegistry } from '../metrics/dapr-metrics-registry';

/** Prometheus series of the actors this app hosts; labels are types and method names, never ids. */
@Injectable()
export class ActorMetrics {
  readonly calls: Counter<'actor_type' | 'method' | 'outcome'>;
  readonly callDuration: Histogram<'actor_type' | 'method'>;
  readonly activations: Counter<'actor_type'>;
  readonly deactivations: Counter<'actor_type'>;
  readonly remindersFired: Counter<'actor_type' | 'reminder'>;
  readonly timersFired: Counter<'actor_type' | 'timer'>;
  readonly waiting: Gauge<'actor_type'>;
  readonly turnWait: Histogram<'actor_type'>;
  readonly rejected: Counter<'actor_type' | 'reason'>;
  readonly active: Gauge<'actor_type'>;
  readonly chainDepth: Histogram<'actor_type'>;
  readonly reminderLateness: Histogram<'actor_type' | 'reminder'>;

  constructor(metrics: DaprMetricsRegistry) {
    const registers = [metrics.registry];
    this.calls = new Counter({
      name: metrics.name('actor_calls_total'),
      help: 'Actor method calls served, by actor type, wire method and outcome (success or error)',
      labelNames: ['actor_type', 'method', 'outcome'],
      registers,
    });
    this.callDuration = new Histogram({
      name: metrics.name('actor_call_duration_seconds'),
      help: 'Time to serve an actor method call, by actor type and wire method',
      labelNames: ['actor_type', 'method'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.activations = new Counter({
      name: metrics.name('actor_activations_total'),
      help: 'Actors activated on this host, by type',
      labelNames: ['actor_type'],
      registers,
    });
    this.deactivations = new Counter({
      name: metrics.name('actor_deactivations_total'),
      help: 'Actors deactivated by daprd on this host, by type',
      labelNames: ['actor_type'],
      registers,
    });
    this.remindersFired = new Counter({
      name: metrics.name('actor_reminders_fired_total'),
      help: 'Reminders delivered to actors, by type and reminder name',
      labelNames: ['actor_type', 'reminder'],
      registers,
    });
    this.timersFired = new Counter({
      name: metrics.name('actor_timers_fired_total'),
      help: 'Timer callbacks delivered to actors, by type and timer name',
      labelNames: ['actor_type', 'timer'],
      registers,
    });
    this.waiting = new Gauge({
      name: metrics.name('actor_calls_waiting'),
      help: "Calls of this app waiting in an actor's mailbox for their turn, by actor type",
      labelNames: ['actor_type'],
      registers,
    });
    this.turnWait = new Histogram({
      name: metrics.name('actor_turn_wait_seconds'),
      help: "Time a call of this app waited in an actor's mailbox before it was sent for its turn, by actor type",
      labelNames: ['actor_type'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.rejected = new Counter({
      name: metrics.name('actor_calls_rejected_total'),
      help: 'Actor calls of this app refused before reaching daprd, by actor type and reason (overloaded: the mailbox was full)',
      labelNames: ['actor_type', 'reason'],
      registers,
    });
    this.active = new Gauge({
      name: metrics.name('actors_active'),
      help: 'Actors active on this host (activated and not yet deactivated by daprd), by type',
      labelNames: ['actor_type'],
      registers,
    });
    this.chainDepth = new Histogram({
      name: metrics.name('actor_call_chain_depth'),
      help: 'Depth of each call of a reentrant call chain on its actor when it entered (1: the first entry), by actor type',
      labelNames: ['actor_type'],
      buckets: [1, 2, 3, 4, 6, 8, 16, 32],
      registers,
    });
    this.reminderLateness = new Histogram({
      name: metrics.name('actor_reminder_lateness_seconds'),
      help: 'How long after its due time daprd delivered a reminder this host registered, by actor type and reminder name',
      labelNames: ['actor_type', 'reminder'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
  }
}

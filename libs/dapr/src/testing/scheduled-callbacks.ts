import { parseDuration } from '../duration';

/** Which of an actor's scheduled callbacks: a durable reminder or a timer. */
export type ReminderOrTimer = 'reminder' | 'timer';

/** A reminder or timer as an actor registered it with the in-memory sidecar. */
export interface ScheduledCallback {
  kind: ReminderOrTimer;
  actorType: string;
  actorId: string;
  name: string;
  dueTimeMs: number;
  /** Absent for a one-shot reminder or timer. */
  periodMs?: number;
  data?: unknown;
  /** When it fires next on the sidecar's clock (ms since the sidecar started). */
  dueAt: number;
}

/** The body of daprd's reminder and timer registration APIs (durations as Go durations). */
export interface ScheduleRegistration {
  dueTime?: string;
  period?: string;
  data?: unknown;
}

const keyOf = (kind: ReminderOrTimer, actorType: string, actorId: string, name: string): string =>
  `${kind}/${actorType}/${actorId}/${name}`;

/**
 * The reminders and timers of the in-memory sidecar, on a clock of its own that only tests move: a
 * callback is due once the clock passes its due time, and fires only when the test says so.
 */
export class ScheduledCallbacks {
  private readonly entries = new Map<string, ScheduledCallback>();
  private clock = 0;

  get now(): number {
    return this.clock;
  }

  register(
    kind: ReminderOrTimer,
    actorType: string,
    actorId: string,
    name: string,
    registration: ScheduleRegistration,
  ): void {
    const dueTimeMs = registration.dueTime ? parseDuration(registration.dueTime) : 0;
    const periodMs = registration.period ? parseDuration(registration.period) : undefined;
    this.entries.set(keyOf(kind, actorType, actorId, name), {
      kind,
      actorType,
      actorId,
      name,
      dueTimeMs,
      // A zero period would fire forever at the same instant: daprd fires such a callback once.
      periodMs: periodMs === 0 ? undefined : periodMs,
      data: registration.data,
      dueAt: this.clock + dueTimeMs,
    });
  }

  unregister(kind: ReminderOrTimer, actorType: string, actorId: string, name: string): void {
    this.entries.delete(keyOf(kind, actorType, actorId, name));
  }

  /** Timers live only while their actor is active. */
  dropTimers(actorType: string, actorId: string): void {
    for (const entry of this.list('timer', actorType, actorId))
      this.unregister('timer', actorType, actorId, entry.name);
  }

  find(kind: ReminderOrTimer, actorType: string, actorId: string, name: string): ScheduledCallback | undefined {
    return this.entries.get(keyOf(kind, actorType, actorId, name));
  }

  /** Copies of the registered callbacks of one kind, of one actor type or actor if given. */
  list(kind: ReminderOrTimer, actorType?: string, actorId?: string): ScheduledCallback[] {
    return [...this.entries.values()]
      .filter(
        (entry) =>
          entry.kind === kind &&
          (actorType === undefined || entry.actorType === actorType) &&
          (actorId === undefined || entry.actorId === actorId),
      )
      .map((entry) => ({ ...entry }));
  }

  /** The callback due first at or before `until`, if any. */
  nextDue(until: number): ScheduledCallback | undefined {
    let first: ScheduledCallback | undefined;
    for (const entry of this.entries.values()) {
      if (entry.dueAt <= until && (!first || entry.dueAt < first.dueAt)) first = entry;
    }
    return first;
  }

  /** Moves the clock forward to `time` (never back). */
  advanceTo(time: number): void {
    this.clock = Math.max(this.clock, time);
  }

  /**
   * After `entry` fired: a periodic one is due again a period later, a one-shot one is gone — unless
   * its handler registered it anew meanwhile, which then stays as registered.
   */
  fired(entry: ScheduledCallback): void {
    const key = keyOf(entry.kind, entry.actorType, entry.actorId, entry.name);
    if (this.entries.get(key) !== entry) return;
    if (entry.periodMs === undefined) this.entries.delete(key);
    else entry.dueAt = Math.max(entry.dueAt, this.clock) + entry.periodMs;
  }
}

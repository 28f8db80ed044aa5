import { Injectable } from '@nestjs/common';
import type { ReminderSchedule } from './actor-scheduler';

interface Due {
  at: number;
  periodMs?: number;
}

/**
 * When each reminder registered through this host is next due, to tell how late daprd delivers it.
 * daprd's callback carries no due time, so a reminder registered elsewhere (another replica, before a
 * restart) has none here and its lateness is unknown: it is counted as fired, not timed.
 */
@Injectable()
export class ReminderDueTimes {
  private readonly due = new Map<string, Due>();

  expect(actorType: string, actorId: string, name: string, schedule: ReminderSchedule, now = Date.now()): void {
    this.due.set(keyOf(actorType, actorId, name), { at: now + schedule.dueTimeMs, periodMs: schedule.periodMs });
  }

  forget(actorType: string, actorId: string, name: string): void {
    this.due.delete(keyOf(actorType, actorId, name));
  }

  /**
   * Seconds between the reminder's due time and `now` (0 when early), then the next period's due time
   * becomes the expected one (a one-shot reminder is forgotten); undefined when it is not known here.
   */
  lateness(actorType: string, actorId: string, name: string, now = Date.now()): number | undefined {
    const key = keyOf(actorType, actorId, name);
    const due = this.due.get(key);
    if (!due) return undefined;
    const lateMs = now - due.at;
    if (due.periodMs === undefined || due.periodMs <= 0) this.due.delete(key);
    // Ticks daprd skipped are not waited for: the next expected one is the first after now.
    else due.at += due.periodMs * (Math.max(0, Math.floor(lateMs / due.periodMs)) + 1);
    return Math.max(0, lateMs) / 1000;
  }
}

const keyOf = (actorType: string, actorId: string, name: string): string => `${actorType}/${actorId}/${name}`;

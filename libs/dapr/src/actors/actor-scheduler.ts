import { HttpStatus } from '@nestjs/common';
import { formatDuration } from '../duration';
import type { DaprSidecar } from '../sidecar/dapr-sidecar';
import { ActorCallError } from './actor-errors';
import { actorPath } from './actor-path';
import type { ReminderDueTimes } from './reminder-due-times';

export interface ReminderSchedule {
  dueTimeMs: number;
  /** Omit for a one-shot reminder. */
  periodMs?: number;
  data?: unknown;
}

export interface TimerSchedule {
  dueTimeMs: number;
  periodMs: number;
  data?: unknown;
}

/**
 * An actor's reminders (durable: kept by daprd's scheduler across deactivation and restarts) and
 * timers (live only while the actor is active).
 */
export class ActorScheduler {
  private readonly base: string;

  constructor(
    private readonly sidecar: DaprSidecar,
    private readonly dueTimes: ReminderDueTimes,
    private readonly actorType: string,
    private readonly actorId: string,
  ) {
    this.base = actorPath(actorType, actorId);
  }

  async registerReminder(name: string, schedule: ReminderSchedule): Promise<void> {
    const registeredAt = Date.now();
    await this.send('POST', 'reminders', name, {
      dueTime: formatDuration(schedule.dueTimeMs),
      period: schedule.periodMs === undefined ? '' : formatDuration(schedule.periodMs),
      data: schedule.data,
    });
    this.dueTimes.expect(this.actorType, this.actorId, name, schedule, registeredAt);
  }

  async unregisterReminder(name: string): Promise<void> {
    await this.send('DELETE', 'reminders', name);
    this.dueTimes.forget(this.actorType, this.actorId, name);
  }

  registerTimer(name: string, schedule: TimerSchedule): Promise<void> {
    return this.send('POST', 'timers', name, {
      dueTime: formatDuration(schedule.dueTimeMs),
      period: formatDuration(schedule.periodMs),
      callback: name,
      data: schedule.data,
    });
  }

  unregisterTimer(name: string): Promise<void> {
    return this.send('DELETE', 'timers', name);
  }

  private async send(
    method: 'POST' | 'DELETE',
    kind: 'reminders' | 'timers',
    name: string,
    body?: unknown,
  ): Promise<void> {
    const failed = `could not ${method === 'POST' ? 'register' : 'unregister'} ${kind} '${name}' at ${this.base}`;
    const response = await this.sidecar
      .request(`${this.base}/${kind}/${encodeURIComponent(name)}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      .catch((error: unknown) => {
        throw schedulingUnavailable(`${failed}: daprd unreachable: ${(error as Error).message}`);
      });
    if (response.status >= 500)
      throw schedulingUnavailable(`${failed}: daprd answered ${response.status} ${response.text}`);
    if (!response.ok) {
      throw new ActorCallError(
        `${failed}: daprd refused (${response.status}) ${response.text}`,
        response.status,
        'SchedulingRefused',
      );
    }
  }
}

/** daprd or its scheduler is down (a reminder lives in the scheduler): the call may succeed again shortly. */
function schedulingUnavailable(message: string): ActorCallError {
  return new ActorCallError(`${message}; try again shortly`, HttpStatus.SERVICE_UNAVAILABLE, 'SchedulingUnavailable');
}

import { ReminderDueTimes } from './reminder-due-times';

describe('ReminderDueTimes', () => {
  const registeredAt = 1_000_000;

  it('times a one-shot reminder from its due time, then forgets it', () => {
    const dueTimes = new ReminderDueTimes();
    dueTimes.expect('ChatAgent', 'a', 'ClearHistory', { dueTimeMs: 1_000 }, registeredAt);
    expect(dueTimes.lateness('ChatAgent', 'a', 'ClearHistory', registeredAt + 1_250)).toBe(0.25);
    expect(dueTimes.lateness('ChatAgent', 'a', 'ClearHistory', registeredAt + 2_000)).toBeUndefined();
  });

  it('counts an early delivery as on time', () => {
    const dueTimes = new ReminderDueTimes();
    dueTimes.expect('ChatAgent', 'a', 'r', { dueTimeMs: 1_000 }, registeredAt);
    expect(dueTimes.lateness('ChatAgent', 'a', 'r', registeredAt + 990)).toBe(0);
  });

  it('expects a periodic reminder one period later each time, skipping the ticks daprd skipped', () => {
    const dueTimes = new ReminderDueTimes();
    dueTimes.expect('ChatAgent', 'a', 'tick', { dueTimeMs: 1_000, periodMs: 10_000 }, registeredAt);
    expect(dueTimes.lateness('ChatAgent', 'a', 'tick', registeredAt + 1_100)).toBe(0.1);
    expect(dueTimes.lateness('ChatAgent', 'a', 'tick', registeredAt + 11_300)).toBe(0.3);
    // Due at +21 s, delivered at +33 s: 12 s late as far as this host can tell (daprd may have skipped the
    // +21 s tick); the next is expected at +41 s, not at the +31 s already past.
    expect(dueTimes.lateness('ChatAgent', 'a', 'tick', registeredAt + 33_000)).toBe(12);
    expect(dueTimes.lateness('ChatAgent', 'a', 'tick', registeredAt + 41_500)).toBe(0.5);
  });

  it('does not time a reminder it did not see registered, or one unregistered since', () => {
    const dueTimes = new ReminderDueTimes();
    expect(dueTimes.lateness('ChatAgent', 'b', 'r')).toBeUndefined();
    dueTimes.expect('ChatAgent', 'b', 'r', { dueTimeMs: 0 }, registeredAt);
    dueTimes.forget('ChatAgent', 'b', 'r');
    expect(dueTimes.lateness('ChatAgent', 'b', 'r', registeredAt)).toBeUndefined();
  });
});

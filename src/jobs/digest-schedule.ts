import { createTask, validate } from 'node-cron';

/** Why a digest schedule is refused, or undefined when it can be used. */
export function scheduleProblem(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5)
    return 'a schedule has five fields: minute hour day-of-month month day-of-week (for example `0 9 * * 1-5`)';
  if (!validate(cron)) return `\`${cron}\` is not a valid cron expression`;
  // The cron ticks once a minute and a digest every minute would be noise: at most one per hour.
  if (!/^\d{1,2}$/.test(fields[0] ?? ''))
    return 'the minute must be a single number: digests run at most hourly';
  return undefined;
}

/** The canonical IANA name of a time zone (`europe/berlin` → `Europe/Berlin`), or undefined if unknown. */
export function canonicalTimezone(zone: string): string | undefined {
  if (!zone.trim()) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export const startOfMinute = (at: Date): Date => new Date(Math.floor(at.getTime() / 60_000) * 60_000);

/** Whether the schedule, read in the time zone, has a slot in the minute starting at `minute`. */
export function firesAt(cron: string, timezone: string, minute: Date): boolean {
  // node-cron's own matcher (the one its scheduler uses), through a task that is never started.
  const task = createTask(cron, () => undefined, { timezone });
  try {
    return task.match(startOfMinute(minute));
  } finally {
    void task.destroy();
  }
}

/**
 * The period a slot stands for: its local date and time in the channel's zone, with the zone, e.g.
 * `2026-11-25T09:00 Europe/Berlin`. Every replica computes the same key for the same slot.
 */
export function periodKey(minute: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(minute);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')} ${timezone}`;
}

/** The key of an on-demand digest: one per channel and minute, however often it is asked for. */
export const nowPeriodKey = (at: Date): string => `now:${startOfMinute(at).toISOString().slice(0, 16)}`;

/** The next slot of a schedule as its period key (local time and zone), for replies. */
export function nextSlot(cron: string, timezone: string): string {
  const task = createTask(cron, () => undefined, { timezone });
  try {
    const [next] = task.getNextRuns(1);
    return next ? periodKey(next, timezone) : 'not scheduled';
  } catch {
    return 'unknown';
  } finally {
    void task.destroy();
  }
}

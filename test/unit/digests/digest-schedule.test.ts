import { describe, expect, test } from 'vitest';
import {
  canonicalTimezone,
  firesAt,
  nextSlot,
  nowPeriodKey,
  periodKey,
  scheduleProblem,
} from '../../../src/jobs/digest-schedule.ts';

describe('digest schedules', () => {
  test('weekdays at 09:00 fire at 09:00 local time in the channel zone, not in UTC', () => {
    const cron = '0 9 * * 1-5';
    // Wednesday 2026-11-25: Berlin is UTC+1, New York UTC-5.
    expect(firesAt(cron, 'Europe/Berlin', new Date('2026-11-25T08:00:00Z'))).toBe(true);
    expect(firesAt(cron, 'Europe/Berlin', new Date('2026-11-25T08:00:59Z'))).toBe(true);
    expect(firesAt(cron, 'Europe/Berlin', new Date('2026-11-25T09:00:00Z'))).toBe(false);
    expect(firesAt(cron, 'America/New_York', new Date('2026-11-25T14:00:00Z'))).toBe(true);
    expect(firesAt(cron, 'UTC', new Date('2026-11-25T09:00:00Z'))).toBe(true);
    // Saturday.
    expect(firesAt(cron, 'UTC', new Date('2026-11-28T09:00:00Z'))).toBe(false);
    // Summer time: Berlin is UTC+2.
    expect(firesAt(cron, 'Europe/Berlin', new Date('2026-07-01T07:00:00Z'))).toBe(true);
  });

  test('the period key is the local slot with its zone, the same on every replica', () => {
    expect(periodKey(new Date('2026-11-25T08:00:00Z'), 'Europe/Berlin')).toBe(
      '2026-11-25T09:00 Europe/Berlin',
    );
    expect(periodKey(new Date('2026-11-25T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-11-26T08:30 Asia/Tokyo');
    expect(periodKey(new Date('2026-11-25T00:05:00Z'), 'UTC')).toBe('2026-11-25T00:05 UTC');
    expect(nowPeriodKey(new Date('2026-11-25T08:03:41.500Z'))).toBe('now:2026-11-25T08:03');
  });

  test('schedules: five fields, valid, at most hourly', () => {
    expect(scheduleProblem('0 9 * * 1-5')).toBeUndefined();
    expect(scheduleProblem('30 17 * * FRI')).toBeUndefined();
    expect(scheduleProblem('0 9 * *')).toMatch(/five fields/);
    expect(scheduleProblem('0 0 9 * * 1-5')).toMatch(/five fields/);
    expect(scheduleProblem('0 25 * * *')).toMatch(/not a valid cron expression/);
    expect(scheduleProblem('0 9 * * funday')).toMatch(/not a valid cron expression/);
    expect(scheduleProblem('*/5 * * * *')).toMatch(/at most hourly/);
    expect(scheduleProblem('* 9 * * *')).toMatch(/at most hourly/);
  });

  test('time zones are IANA names, returned in their canonical spelling', () => {
    expect(canonicalTimezone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(canonicalTimezone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimezone('UTC')).toBe('UTC');
    expect(canonicalTimezone('Mars/Olympus_Mons')).toBeUndefined();
    expect(canonicalTimezone('')).toBeUndefined();
  });

  test('the next slot is shown as a local time', () => {
    expect(nextSlot('0 9 * * *', 'Europe/Berlin')).toMatch(/^\d{4}-\d\d-\d\dT09:00 Europe\/Berlin$/);
  });
});

import { afterEach, describe, expect, test } from 'vitest';
import { nowPeriodKey } from '../../../src/jobs/digest-schedule.ts';
import { QUEUES } from '../../../src/jobs/queues.ts';
import { findChannel } from '../../../src/store/repositories/channels.ts';
import { engineUnderTest } from '../../helpers/database.ts';
import { person } from '../../helpers/pipeline.ts';
import { CHANNEL_ID, type Replica, startReplica } from './harness.ts';

let replica: Replica | undefined;
afterEach(async () => {
  await replica?.dispose();
  replica = undefined;
});

const guest = person('UGUEST', { trust: 'untrusted', untrustedReason: 'guest' });

async function schedule(r: Replica) {
  const channel = await findChannel(r.store.db, CHANNEL_ID);
  return { cron: channel?.digestCron, timezone: channel?.timezone };
}

describe(`/codecot digest (${engineUnderTest()})`, () => {
  test('shows the schedule; a valid schedule and zone are stored, with the next slot in local time', async () => {
    replica = await startReplica();
    expect(await replica.command('digest')).toMatch(/^Digests run at `0 9 \* \* 1-5` \(UTC\), next \d{4}-/);

    const reply = await replica.command('digest', 'schedule 0 8 * * 1-5 europe/berlin');
    expect(reply).toMatch(
      /^Digests now run at `0 8 \* \* 1-5` \(Europe\/Berlin\); the next is .*T08:00 Europe\/Berlin/,
    );
    expect(await schedule(replica)).toEqual({ cron: '0 8 * * 1-5', timezone: 'Europe/Berlin' });

    // Quoted, and without a zone: the channel keeps its zone.
    await replica.command('digest', 'schedule "30 17 * * FRI"');
    expect(await schedule(replica)).toEqual({ cron: '30 17 * * FRI', timezone: 'Europe/Berlin' });
    expect(await replica.command('settings')).toContain('Digest: `30 17 * * FRI` (Europe/Berlin)');
  });

  test('bad input gets the usage and the reason, and changes nothing', async () => {
    replica = await startReplica();
    const cases: [string, RegExp][] = [
      ['schedule', /^Usage: `\/codecot digest schedule/],
      ['schedule 0 9 * *', /^Usage: /],
      ['schedule 0 25 * * *', /not changed: `0 25 \* \* \*` is not a valid cron expression/],
      ['schedule */5 * * * *', /not changed: the minute must be a single number/],
      ['schedule 0 9 * * 1-5 Mars/Olympus', /not changed: `Mars\/Olympus` is not a time zone/],
      ['schedule 0 9 * * 1-5 Europe/Berlin extra', /^Usage: /],
      ['sometimes', /^Usage: /],
    ];
    for (const [args, expected] of cases) expect(await replica.command('digest', args)).toMatch(expected);
    expect(await replica.command('digest', 'schedule 0 7 * * *', guest)).toBe(
      'Only trusted members of this workspace can change Codecot settings.',
    );
    expect(await schedule(replica)).toEqual({ cron: '0 9 * * 1-5', timezone: 'UTC' });
  });

  test('`digest now` enqueues one job per channel and minute; guests cannot ask', async () => {
    replica = await startReplica();
    expect(await replica.command('digest', 'now', guest)).toBe(
      'Only trusted members of this workspace can ask for a digest.',
    );
    const minute = nowPeriodKey(new Date());
    const first = await replica.command('digest', 'now');
    const second = await replica.command('digest', 'now');
    expect(first).toMatch(/^A digest of what happened since the last one is on its way/);
    if (nowPeriodKey(new Date()) === minute)
      expect(second).toBe('A digest for this minute is already on its way.');
    const jobs = await replica.queue.boss.findJobs(QUEUES.digest);
    expect(jobs.map((j) => (j.data as { channelId: string }).channelId)).toContain(CHANNEL_ID);
    expect(jobs.length).toBe(new Set(jobs.map((j) => (j.data as { periodKey: string }).periodKey)).size);
  });

  test('help lists the digest and memory commands', async () => {
    replica = await startReplica();
    const help = await replica.command('help');
    expect(help).toContain('`/codecot digest now`');
    expect(help).toContain('`/codecot memory`');
    expect(help).toContain('`/codecot forget <id>`');
  });
});

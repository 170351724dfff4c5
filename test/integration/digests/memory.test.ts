import { afterEach, describe, expect, test } from 'vitest';
import { eventsFor } from '../../../src/store/repositories/event-log.ts';
import { engineUnderTest } from '../../helpers/database.ts';
import { events, person } from '../../helpers/pipeline.ts';
import { waitFor } from '../../helpers/wait.ts';
import { memoryRows, type Replica, requestSpec, startReplica } from './harness.ts';

let replica: Replica | undefined;
afterEach(async () => {
  await replica?.dispose();
  replica = undefined;
});

const approverA = person('UA');
const approverB = person('UB');
const draftPrompts = (r: Replica) =>
  r.model.prompts.filter((p) => p.includes('You write a scoped specification'));

describe(`memory (${engineUnderTest()})`, () => {
  test('decisions are remembered, the rejecting approver’s next reply is the reason, and the next draft sees both', async () => {
    replica = await startReplica();
    const r = replica;
    const approved = await requestSpec(r, 'retry failed uploads');
    await r.sink(events.reaction(approverA, approved.spec.ref, 'white_check_mark'));
    await waitFor(async () => (await memoryRows(r)).length === 1);
    expect((await memoryRows(r))[0]).toMatchObject({
      scope: 'repo',
      scope_id: 'acme/widgets',
      kind: 'decision',
      text: 'Approved "Add retries to the uploader" (spec v1, by UA): Uploads survive transient failures.',
    });

    const rejected = await requestSpec(r, 'retry uploads forever');
    await r.sink(events.reaction(approverB, rejected.spec.ref, 'x'));
    await waitFor(async () => (await memoryRows(r)).length === 2);
    expect((await memoryRows(r))[1]?.text).toBe(
      'Rejected "Add retries to the uploader" (spec v1, by UB). Reason: no reason given',
    );
    const thread = rejected.mention.message.ref.messageId;
    // Someone else's reply is not the reason; the rejecting approver's next reply is, and only that one.
    await r.sink(events.message(approverA, 'I liked it', { threadId: thread }));
    await r.sink(events.message(approverB, 'unbounded   retries would hide outages', { threadId: thread }));
    await r.sink(events.message(approverB, 'and one more thing', { threadId: thread }));
    await waitFor(async () => (await memoryRows(r))[1]?.text.endsWith('outages') ?? false);
    expect((await memoryRows(r))[1]?.text).toBe(
      'Rejected "Add retries to the uploader" (spec v1, by UB). Reason: unbounded retries would hide outages',
    );

    await requestSpec(r, 'make uploads resumable');
    const prompt = draftPrompts(r).at(-1) ?? '';
    expect(prompt).toContain('What this team decided before (most relevant first):\n- ');
    expect(prompt).toContain('- Approved "Add retries to the uploader" (spec v1, by UA)');
    expect(prompt).toContain('Reason: unbounded retries would hide outages');
  });

  test('`/codecot memory` lists items with ids; `/codecot forget <id>` removes one, audited, and new prompts lack it', async () => {
    replica = await startReplica();
    const r = replica;
    const first = await requestSpec(r, 'retry failed uploads');
    await r.sink(events.reaction(approverA, first.spec.ref, 'white_check_mark'));
    await waitFor(async () => (await memoryRows(r)).length === 1);
    const [item] = await memoryRows(r);
    const shortId = item?.id.slice(0, 8) ?? '';

    const listing = await r.command('memory');
    expect(listing).toContain('Memory for this channel and `acme/widgets`, newest first:');
    expect(listing).toContain(`\`${shortId}\` decision: Approved "Add retries to the uploader"`);

    expect(
      await r.command('forget', shortId, person('UG', { trust: 'untrusted', untrustedReason: 'guest' })),
    ).toBe('Only trusted members of this workspace can change Codecot memory.');
    expect(await r.command('forget', 'deadbeef')).toBe(
      'No memory item `deadbeef` here (see `/codecot memory`).',
    );
    expect(await r.command('forget', 'x')).toMatch(/^Usage: `\/codecot forget <id>`/);
    expect(await r.command('forget', shortId)).toBe(`Forgot \`${shortId}\`: ${item?.text}`);
    expect(await memoryRows(r)).toEqual([]);
    expect(await r.command('memory')).toMatch(/^Nothing remembered yet/);
    const trail = await eventsFor(r.store.db, 'memory_item', item?.id ?? '');
    expect(trail).toEqual([
      expect.objectContaining({
        from: 'remembered',
        to: 'forgotten',
        cause: expect.objectContaining({ actor: 'slack:UA' }),
      }),
    ]);

    await requestSpec(r, 'retry uploads again');
    const prompt = draftPrompts(r).at(-1) ?? '';
    expect(prompt).not.toContain('Approved "Add retries');
    expect(prompt).toContain('What this team decided before (most relevant first):\n(nothing recorded yet)');
  });
});

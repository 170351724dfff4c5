import { expect } from 'vitest';
import type { ChatEvent } from '../../src/domain/chat-events.ts';
import { REPO } from '../e2e/sample-repo.ts';
import type { RedeliveryWorld } from './redelivery-world.ts';
import { type RowCounts, rowCounts } from './row-counts.ts';

// What a scenario left behind, in a form two runs (one delivery each, three deliveries each) compare in.

export interface Outcome {
  /** Rows of every table, pg-boss's jobs included. */
  rows: RowCounts;
  /** The bot's posts outside threads (the digest), first line each, ids and ports masked. */
  channel: string[];
  /** The bot's posts per thread, threads in the order they were started, same masking. */
  threads: string[][];
  /**
   * How often the bot edited each of its posts, in posting order. The run's status message counts as
   * edited or not: its edits are coalesced by time (one per 1.5 s at most), so their number is not a
   * property of the deliveries.
   */
  edits: number[];
  /** Notes shown to one person only (Slack ephemerals). */
  notes: string[];
  pulls: number;
  prComments: number;
}

/** First line, with what differs between two worlds masked: user ids, snowflakes, ports, shas. */
const shape = (text: string) =>
  (text.split('\n')[0] ?? '')
    .replace(/<@[^>]+>/g, '<@…>')
    .replace(/127\.0\.0\.1:\d+/g, 'localhost')
    .replace(/\b[0-9a-f]{7,40}\b/g, 'sha')
    .replace(/\d{5,}/g, 'N');

export async function outcomeOf(rw: RedeliveryWorld): Promise<Outcome> {
  const { driver, world } = rw;
  const posts = driver.botPosts();
  const threadIds = [...new Set(posts.flatMap((p) => (p.threadId ? [p.threadId] : [])))];
  return {
    rows: await rowCounts(world.codecot.store.db as unknown as Parameters<typeof rowCounts>[0]),
    channel: posts.filter((p) => !p.threadId).map((p) => shape(p.text)),
    threads: threadIds.map((id) => posts.filter((p) => p.threadId === id).map((p) => shape(p.text))),
    edits: posts.map((p) =>
      /approved by/.test(p.text) ? Math.min(1, driver.edits(p.id).length) : driver.edits(p.id).length,
    ),
    notes: (['requester', 'approver', 'bystander'] as const).flatMap(
      (person) => driver.notesTo?.(person).map(shape) ?? [],
    ),
    pulls: world.github.pulls(REPO).length,
    prComments: world.github.comments(REPO, 1).length,
  };
}

/**
 * Every delivery id Codecot was handed is stored exactly once in inbound_events, and no other delivery
 * id is: the chat events the adapter passed to the sink and the GitHub deliveries sent. And every copy really
 * arrived: each person's event was handed to the core once per copy, each GitHub copy was answered.
 */
export async function expectEachDeliveryStoredOnce(rw: RedeliveryWorld): Promise<void> {
  const stored = await rw.world.codecot.store.db
    .selectFrom('inbound_events')
    .select(['id', 'kind'])
    .execute();
  const handed = new Map<string, number>();
  for (const event of rw.log.events) handed.set(event.eventId, (handed.get(event.eventId) ?? 0) + 1);
  // Rows kept for other kinds of dedupe (not delivery ids) are not counted here.
  const chat = stored
    .filter((row) => row.id.startsWith(`${rw.platform}:`))
    .map((row) => row.id)
    .sort();
  expect(chat).toEqual([...handed.keys()].sort());
  const github = stored
    .filter((row) => row.id.startsWith('github:'))
    .map((row) => row.id)
    .sort();
  expect(github).toEqual(rw.webhooks.map((w) => `github:${w.deliveryId}`).sort());
  for (const webhook of rw.webhooks) {
    expect(webhook.answers.map((a) => a.status)).toEqual(Array(rw.copies).fill(200));
    // One copy was taken, the others were recognised as the same delivery.
    const fresh = webhook.answers.filter((a) => !JSON.parse(a.body).duplicate);
    expect(fresh, `${webhook.event} ${webhook.deliveryId}`).toHaveLength(1);
  }
  for (const request of rw.relayed()) expect(request.statuses).toEqual(Array(rw.copies).fill(200));
  // What people did reached the core once per copy (a RESUME may replay a dispatch more often than
  // that); the bot's own messages, which Discord echoes back, once.
  for (const event of rw.log.events) {
    const times = handed.get(event.eventId) ?? 0;
    if (!byPerson(event)) expect(times, event.eventId).toBe(1);
    else if (rw.platform === 'slack' || rw.copies === 1) expect(times, event.eventId).toBe(rw.copies);
    else expect(times, event.eventId).toBeGreaterThanOrEqual(rw.copies);
  }
}

function byPerson(event: ChatEvent): boolean {
  switch (event.type) {
    case 'message':
    case 'mention':
      return !event.message.author.isBot;
    case 'reaction_added':
    case 'reaction_removed':
      return !event.user.isBot;
    case 'command':
      return true;
    default:
      return false;
  }
}

/** What the scenario must leave when every event arrives once: one of everything it asks for. */
export function expectOneOfEverything(outcome: Outcome): void {
  expect(outcome.rows).toMatchObject({
    'public.intents': 1,
    'public.specs': 1,
    'public.spec_versions': 2,
    'public.executions': 1,
    'public.pull_requests': 1,
    'public.ci_reports': 1,
    'public.digests': 1,
  });
  expect(outcome).toMatchObject({ pulls: 1, prComments: 0 });
  // v1 was edited once (superseded by v2); the status message was edited in place.
  expect(outcome.edits).toEqual([1, 0, 0, 1, 0, 0, 0, 0, 0]);
  expect(outcome.channel).toEqual([expect.stringMatching(/^Codecot digest/)]);
  expect(outcome.threads).toEqual([
    [
      expect.stringMatching(/^Spec v1: /),
      expect.stringMatching(/^Spec v2: /),
      expect.stringMatching(/^Spec v1 was superseded/),
      expect.stringMatching(/^Spec v2 approved by/),
      expect.stringMatching(/ready for review|^Pull request #1/),
      expect.stringMatching(/CI check passed|CI passed on pull request #1/),
      expect.stringMatching(/^Preview deployed \(Preview\) for pull request #1/),
      expect.stringMatching(/^Merged: |was merged by mona/),
    ],
  ]);
}

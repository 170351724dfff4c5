import type { Kysely } from 'kysely';
import { type MessageRef, type PlatformName, refFromKeys } from '../domain/chat.ts';
import { meaningOf } from '../domain/emoji.ts';
import type { Logger } from '../logger.ts';
import type { ChatPlatform } from '../ports/chat-platform.ts';
import { redact } from '../redact.ts';
import {
  type DigestWindow,
  decidedSpecs,
  newIntents,
  type SpecPlace,
  shippedPullRequests,
} from '../store/repositories/digest-activity.ts';
import { awaitingApproval, failingRuns, stuckExecutions } from '../store/repositories/digest-attention.ts';
import type { Database } from '../store/tables.ts';

export const SECTIONS = ['discussed', 'decided', 'shipped', 'failing', 'waiting'] as const;
export type SectionName = (typeof SECTIONS)[number];

export interface DigestItem {
  text: string;
  /** The thread or pull request the item is about; null only when the platform could not give a link. */
  link: string | null;
}

/** What a digest says; stored as the digest row's content, so a retried post shows the same thing. */
export interface DigestContent {
  since: string;
  until: string;
  sections: Record<SectionName, DigestItem[]>;
}

export const isEmptyDigest = (c: DigestContent): boolean => SECTIONS.every((s) => c.sections[s].length === 0);

interface ContentDeps {
  db: Kysely<Database>;
  logger: Logger;
  chat: ChatPlatform;
}

/** Reads what happened in the channel in the window, and what still needs attention, from the database. */
export async function buildDigestContent(deps: ContentDeps, w: DigestWindow): Promise<DigestContent> {
  const { db } = deps;
  const link = (ref: MessageRef | null) => permalinkOf(deps, ref);
  const specLink = (place: SpecPlace) => link(specRef(place));
  const platform = deps.chat.name;
  const age = (since: Date) => formatAge(w.until.getTime() - since.getTime());

  const discussed = await Promise.all(
    (await newIntents(db, w)).map(async (i) => ({ text: i.title, link: await link(i.triggerRef) })),
  );
  const decided = await Promise.all(
    (await decidedSpecs(db, w)).map(async (d) => ({
      text: `${d.state === 'approved' ? 'Approved' : 'Rejected'}: ${d.place.title} (v${d.version})${byWhom(platform, d)}`,
      link: await specLink(d.place),
    })),
  );
  const shipped = (await shippedPullRequests(db, w)).map((p) => ({
    text: `${p.merged ? 'Merged' : p.draft ? 'Opened (draft)' : 'Opened'} ${p.repo}#${p.number}: ${p.title}`,
    link: p.url,
  }));
  const failing = await Promise.all(
    (await failingRuns(db, w)).map(async (f) => ({
      text: `${f.place.title}: ${failureText(f.kind, f.detail)}`,
      link: f.prUrl ?? (await specLink(f.place)),
    })),
  );
  const waiting = [
    ...(await Promise.all(
      (
        await awaitingApproval(db, w)
      ).map(async (s) => ({
        text: `${s.place.title} (v${s.version}): awaiting approval for ${age(s.since)}`,
        link: await specLink(s.place),
      })),
    )),
    ...(await Promise.all(
      (
        await stuckExecutions(db, w)
      ).map(async (x) => ({
        text: `${x.place.title}: run stuck in ${x.state} for ${age(x.since)}`,
        link: await specLink(x.place),
      })),
    )),
  ];
  return {
    since: w.since.toISOString(),
    until: w.until.toISOString(),
    sections: { discussed, decided, shipped, failing, waiting },
  };
}

function byWhom(
  platform: PlatformName,
  d: { state: 'approved' | 'rejected'; votes: { userId: string; emoji: string }[] },
): string {
  const meaning = d.state === 'approved' ? 'approve' : 'reject';
  const who = [
    ...new Set(d.votes.filter((v) => meaningOf(platform, v.emoji) === meaning).map((v) => v.userId)),
  ];
  return who.length ? ` by ${who.map((id) => `<@${id.slice(id.indexOf(':') + 1)}>`).join(', ')}` : '';
}

function failureText(kind: 'execution' | 'validation' | 'ci', detail: string): string {
  if (kind === 'ci') return `CI failing (${detail})`;
  if (kind === 'validation') return 'validation failed, the pull request is a draft';
  return detail ? `run failed (${redact(detail)})` : 'run failed';
}

/** The spec's message in its thread; a spec not posted yet is reached through its thread's root. */
function specRef(place: SpecPlace): MessageRef | null {
  try {
    return place.messageId ? refFromKeys(place.messageId, place.threadId) : refFromKeys(place.threadId);
  } catch {
    return null;
  }
}

async function permalinkOf(deps: ContentDeps, ref: MessageRef | null): Promise<string | null> {
  if (!ref) return null;
  try {
    return await deps.chat.permalink(ref);
  } catch (err) {
    // A deleted message has no link; the digest still lists the item.
    deps.logger.warn({ err, messageId: ref.messageId }, 'no permalink for a digest item');
    return null;
  }
}

export function formatAge(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours}h` : `${Math.floor(hours / 24)}d`;
}

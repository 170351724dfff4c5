import type { Kysely } from 'kysely';
import type { ChatMessage } from '../domain/chat.ts';
import { specVersionMachine } from '../domain/spec.ts';
import type { CodeHost } from '../ports/code-host.ts';
import { eventsFor } from '../store/repositories/event-log.ts';
import {
  firstReplyAfter,
  memoryBySource,
  pruneMemory,
  rememberInOrder,
  repoHasEarlierSpec,
  setMemoryText,
} from '../store/repositories/memory-admin.ts';
import { findSpecVersion, latestVersion, type Spec } from '../store/repositories/specs.ts';
import type { Database } from '../store/tables.ts';

/** Items kept per scope (a repository, or a channel without one) when CODECOT_MEMORY_LIMIT is not given. */
export const DEFAULT_MEMORY_LIMIT = 50;
/** A rejection's reason until the rejecting approver replies in the thread. */
export const NO_REASON = 'no reason given';
const REASON_MARK = 'Reason: ';
const CONVENTION_DOCS = ['AGENTS.md', 'CONTRIBUTING.md'];

interface MemoryDeps {
  db: Kysely<Database>;
  memoryLimit?: number | undefined;
}

export type NewItem = {
  scope: 'repo' | 'channel';
  scopeId: string;
  kind: string;
  text: string;
  source: string;
};

/**
 * Remembers one item, then prunes the oldest of its scope beyond the bound. Every writer of memory
 * should come through here (merged pull requests too), so no scope outgrows CODECOT_MEMORY_LIMIT.
 */
export async function rememberBounded(deps: MemoryDeps, item: NewItem): Promise<void> {
  await rememberInOrder(deps.db, item);
  await pruneMemory(deps.db, item.scope, item.scopeId, deps.memoryLimit ?? DEFAULT_MEMORY_LIMIT);
}

/** Decisions belong to the repository they were about; without one, to the channel. */
const scopeOf = (repo: string | null, channelId: string) =>
  repo ? { scope: 'repo' as const, scopeId: repo } : { scope: 'channel' as const, scopeId: channelId };

const plainId = (id: string) => id.slice(id.indexOf(':') + 1);
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * An approved or rejected spec version becomes a decision item. A rejection starts with "no reason
 * given"; the rejecting approver's next reply in the spec thread becomes its reason (noteRejectionReason).
 */
export async function rememberDecision(
  deps: MemoryDeps,
  d: {
    spec: Spec;
    versionId: string;
    state: 'approved' | 'rejected';
    by: readonly string[];
    repo: string | null;
  },
): Promise<void> {
  const version = await findSpecVersion(deps.db, d.versionId);
  if (!version) return;
  const who = d.by.map(plainId).join(', ');
  const what = `"${version.body.title}" (spec v${version.version}, by ${who})`;
  const text =
    d.state === 'approved'
      ? `Approved ${what}: ${clip(version.body.desiredOutcome, 200)}`
      : `Rejected ${what}. ${REASON_MARK}${NO_REASON}`;
  await rememberBounded(deps, {
    ...scopeOf(d.repo, d.spec.channelId),
    kind: 'decision',
    text,
    source: `spec_version:${d.versionId}`,
  });
}

/**
 * The rejecting approver's first reply in the spec thread after the rejection (by arrival) becomes
 * the reason the decision is remembered with. Called for every reply there; only the rejecter's count.
 */
export async function noteRejectionReason(deps: MemoryDeps, spec: Spec, message: ChatMessage): Promise<void> {
  if (message.author.isBot || message.author.trust !== 'trusted') return;
  const latest = await latestVersion(deps.db, spec.id);
  if (latest?.state !== 'rejected') return;
  const item = await memoryBySource(deps.db, `spec_version:${latest.id}`);
  if (!item?.text.endsWith(`${REASON_MARK}${NO_REASON}`)) return;
  const rejection = (await eventsFor(deps.db, specVersionMachine.name, latest.id)).find(
    (e) => e.to === 'rejected',
  );
  if (!rejection || rejection.cause.actor !== message.author.id) return;
  // Read from the stored thread, so replies handled out of order still pick the first one.
  const reply = await firstReplyAfter(deps.db, {
    threadId: spec.threadId,
    authorId: message.author.id,
    after: rejection.at,
  });
  const reason = clip((reply ?? '').replace(/\s+/g, ' ').trim(), 300);
  if (!reason) return;
  await setMemoryText(deps.db, item.id, `${item.text.slice(0, -NO_REASON.length)}${reason}`);
}

/** The first spec drafted for a repository remembers the start of its AGENTS.md (or CONTRIBUTING.md). */
export async function rememberConventions(
  deps: MemoryDeps & { codeHost: CodeHost | undefined },
  specId: string,
  repo: string | null,
): Promise<void> {
  if (!repo || !deps.codeHost) return;
  const source = `conventions:${repo}`;
  if ((await repoHasEarlierSpec(deps.db, repo, specId)) || (await memoryBySource(deps.db, source))) return;
  for (const path of CONVENTION_DOCS) {
    const doc = await deps.codeHost.readFile(repo, path).catch(() => null);
    const lines = (doc ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .slice(0, 12);
    if (lines.length === 0) continue;
    const text = `Conventions of ${repo} (${path}): ${clip(lines.join(' / '), 600)}`;
    await rememberBounded(deps, { scope: 'repo', scopeId: repo, kind: 'convention', text, source });
    return;
  }
}

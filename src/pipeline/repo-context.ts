import type { Kysely } from 'kysely';
import type { CodeHost } from '../ports/code-host.ts';
import { memoryFor } from '../store/repositories/memory.ts';
import type { Database } from '../store/tables.ts';
import { rankMemory } from './memory-rank.ts';

const DOCS = ['AGENTS.md', 'README.md', 'CONTRIBUTING.md'];
const PER_DOC = 1_500;

/** The repository's own guidance for agents and contributors, each file cut to a bounded size. */
export async function repoContext(codeHost: CodeHost | undefined, repo: string | null): Promise<string> {
  if (!repo) return '(no repository linked)';
  if (!codeHost) return '(repository documentation not available: no code host configured)';
  const parts: string[] = [];
  for (const path of DOCS) {
    const text = await codeHost.readFile(repo, path).catch(() => null);
    if (text)
      parts.push(`--- ${path} ---\n${text.length > PER_DOC ? `${text.slice(0, PER_DOC)}\n[…cut]` : text}`);
  }
  return parts.length ? parts.join('\n') : '(the repository has no README, AGENTS.md or CONTRIBUTING.md)';
}

/** Accumulated decisions for the repository and the channel, most relevant to `topic` first, bounded. */
export async function memoryContext(
  db: Kysely<Database>,
  repo: string | null,
  channelId: string,
  topic?: string,
): Promise<string> {
  // Each scope holds at most CODECOT_MEMORY_LIMIT items; rank a generous pool of the newest.
  const items = rankMemory(await memoryFor(db, { repo, channelId, limit: 200 }), topic);
  return items.length ? items.map((item) => `- ${item.text}`).join('\n') : '(nothing recorded yet)';
}

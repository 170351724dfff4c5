import type { Kysely } from 'kysely';
import { iterationHistory } from '../store/repositories/iterations.ts';
import type { Database } from '../store/tables.ts';

const WHY: Record<string, string> = {
  approval: 'approved',
  'ci-fix': 'CI fix',
  reply: 'reply',
  retry: 'retry',
  restart: 'restart after an interruption',
};
const CI: Record<string, string> = {
  passed: 'CI passed',
  failed: 'CI failed',
  'timed-out': 'CI did not finish',
  'no-checks': 'no CI',
};

/**
 * The spec's history, one line per iteration of every version: why it ran, who asked, how it ended
 * and what CI said about its head. Shown when the pull request is merged or closed.
 */
export async function specHistoryLines(db: Kysely<Database>, specId: string): Promise<string[]> {
  const rows = await iterationHistory(db, specId);
  return rows.map((r) => {
    const by = r.triggered_by ? ` by <@${r.triggered_by.slice(r.triggered_by.indexOf(':') + 1)}>` : '';
    const why = WHY[r.trigger ?? 'approval'] ?? r.trigger;
    const head = r.head_sha ? ` at \`${r.head_sha.slice(0, 7)}\`` : '';
    const ci = r.ci_outcome ? `, ${CI[r.ci_outcome] ?? r.ci_outcome}` : '';
    return `v${r.version} iteration ${r.iteration} (${why}${by}): ${r.state}${head}${ci}`;
  });
}

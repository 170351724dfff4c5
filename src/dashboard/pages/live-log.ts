import type { ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import {
  EXECUTION_LOG_LIMIT,
  type ExecutionLogLine,
  executionLogOf,
} from '../../store/repositories/execution-log.ts';
import type { Database } from '../../store/tables.ts';
import { TERMINAL } from '../data/overview.ts';
import { html, type SafeHtml } from '../html.ts';
import { hrefs } from '../links.ts';

/** Where the page's script asks for the lines it has not shown yet. */
export const logHref = (executionId: string) => `${hrefs.execution(executionId)}/log`;
export const LIVE_LOG_SCRIPT = '/dashboard/live-log.js';

/**
 * The execution's log in order: time, kind, attempt, text. While the run goes on, the page's script
 * (static/live-log.js) polls `logHref` and appends new lines as text, never as markup.
 */
export function liveLogTable(
  executionId: string,
  lines: readonly ExecutionLogLine[],
  live: boolean,
): SafeHtml {
  const first = lines[0]?.seq ?? 1;
  const dropped =
    first > 1
      ? html`<tr class="log-dropped"><td colspan="5" class="muted">Lines 1–${first - 1} were dropped: the log keeps the last ${EXECUTION_LOG_LIMIT.toLocaleString('en')}.</td></tr>`
      : '';
  const empty =
    lines.length === 0
      ? html`<tr class="log-empty"><td colspan="5" class="empty">Nothing logged yet.</td></tr>`
      : '';
  return html`<table id="execution-log" class="log" data-src="${logHref(executionId)}" data-after="${lines.at(-1)?.seq ?? 0}" data-live="${live}">
<thead><tr><th>#</th><th>At (UTC)</th><th>Kind</th><th>Attempt</th><th>What happened</th></tr></thead>
<tbody>${dropped}${empty}${lines.map(logRow)}</tbody></table>`;
}

function logRow(line: ExecutionLogLine): SafeHtml {
  const at = new Date(line.at);
  return html`<tr data-seq="${line.seq}"><td class="num">${line.seq}</td><td><time datetime="${at.toISOString()}">${clock(at)}</time></td>
<td><span class="kind kind-${line.kind.replace(/[^a-z-]/g, '')}">${line.kind}</span></td><td class="num">${line.attempt ?? ''}</td><td class="log-text">${line.text}</td></tr>`;
}

/** `HH:MM:SS.mmm`, the same in the page and in the script. */
const clock = (at: Date) => at.toISOString().slice(11, 23);

/** `GET /dashboard/executions/<id>/log?after=<seq>`: the state and the lines after `seq`, as JSON. */
export async function sendLogJson(
  res: ServerResponse,
  db: Kysely<Database>,
  executionId: string,
  query: URLSearchParams,
): Promise<void> {
  const execution = await db
    .selectFrom('executions')
    .select('state')
    .where('id', '=', executionId)
    .executeTakeFirst();
  if (!execution) return sendJson(res, 404, { error: 'no such execution' });
  const after = Number.parseInt(query.get('after') ?? '0', 10);
  const lines = await executionLogOf(db, executionId, { after: Number.isSafeInteger(after) ? after : 0 });
  sendJson(res, 200, {
    state: execution.state,
    live: !TERMINAL.includes(execution.state),
    lines: lines.map((l) => ({ ...l, at: new Date(l.at).toISOString() })),
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(text);
}

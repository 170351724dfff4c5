import type { Kysely } from 'kysely';
import type { Database } from '../../store/tables.ts';
import { channelSummaries, type ExecutionSummary, recentExecutions } from '../data/overview.ts';
import { html, link, type SafeHtml } from '../html.ts';
import { page, stateBadge, table, when } from '../layout.ts';
import { hrefs, threadLink } from '../links.ts';

export function channelLabel(c: {
  platform: string;
  channelId?: string;
  channel_id?: string;
  name: string | null;
}) {
  return `${c.platform} #${c.name ?? c.channelId ?? c.channel_id ?? '?'}`;
}

export async function overviewPage(db: Kysely<Database>): Promise<SafeHtml> {
  const [channels, executions] = await Promise.all([
    channelSummaries(db),
    recentExecutions(db, { limit: 15 }),
  ]);
  const rows = channels.map(
    (c) => html`<tr>
<td>${link(hrefs.channel(c.id), channelLabel(c))}</td>
<td>${c.linkedRepo ?? html`<span class="muted">default</span>`}</td>
<td class="num">${c.intents}</td><td class="num">${c.specs}</td>
<td class="num">${c.executions}</td><td class="num">${c.running}</td>
<td>${c.passiveListening ? 'on' : 'off'}</td><td>${when(c.lastMessageAt)}</td></tr>`,
  );
  const body = html`
<h2>Channels</h2>
${table(
  ['Channel', 'Repository', 'Intents', 'Specs', 'Executions', 'Running', 'Listening', 'Last message'],
  rows,
  'No channel has talked to Codecot yet. Mention it in a channel (or in the playground) to start.',
)}
<h2>Recent executions</h2>
${executionsTable(executions, true)}`;
  return page({ title: 'Dashboard' }, body);
}

export function executionsTable(executions: ExecutionSummary[], withChannel: boolean): SafeHtml {
  const rows = executions.map(
    (e) => html`<tr>
<td>${link(hrefs.execution(e.id), `${e.title} (v${e.version})`)}</td>
<td>${stateBadge(e.state)}</td>
<td>${e.validationOutcome ? stateBadge(e.validationOutcome) : html`<span class="muted">–</span>`}</td>
${withChannel ? html`<td>${link(hrefs.channel(e.channelId), e.channelId)}</td>` : ''}
<td>${link(hrefs.spec(e.specId), 'spec')} · ${threadLink(e.threadId, 'thread')}</td>
<td>${when(e.createdAt)}</td></tr>`,
  );
  const headers = [
    'Execution',
    'State',
    'Validation',
    ...(withChannel ? ['Channel'] : []),
    'Links',
    'Started',
  ];
  return table(headers, rows, 'No execution yet: approve a spec to start one.');
}

import type { Kysely } from 'kysely';
import type { Database } from '../../store/tables.ts';
import { channelRow, intentsOf, modelTokensOf, specsOf } from '../data/channel.ts';
import { recentExecutions } from '../data/overview.ts';
import { html, link, type SafeHtml } from '../html.ts';
import { page, stateBadge, table, when } from '../layout.ts';
import { hrefs, threadLink } from '../links.ts';
import { tokensTable } from './costs.ts';
import { channelLabel, executionsTable } from './overview.ts';

export async function channelPage(db: Kysely<Database>, id: string): Promise<SafeHtml | undefined> {
  const channel = await channelRow(db, id);
  if (!channel) return undefined;
  const [intents, specs, executions, tokens] = await Promise.all([
    intentsOf(db, id),
    specsOf(db, id),
    recentExecutions(db, { channelId: id, limit: 50 }),
    modelTokensOf(db, { channelId: id }),
  ]);
  const settings = html`<dl class="facts">
<dt>Repository</dt><dd>${channel.linked_repo ?? 'the default repository'}</dd>
<dt>Approvers</dt><dd>${channel.approvers?.join(', ') ?? 'the default approvers (CODECOT_APPROVERS)'}</dd>
<dt>Quorum</dt><dd>${channel.quorum}${channel.allow_self_approval ? '' : ', requesters cannot approve their own'}</dd>
<dt>Passive listening</dt><dd>${channel.passive_listening ? 'on' : 'off'}</dd>
<dt>Digest</dt><dd>${channel.digest_cron} (${channel.timezone})</dd>
<dt>Monthly token budget</dt><dd>${channel.monthly_token_budget ?? 'none'}</dd></dl>`;
  const intentRows = intents.map(
    (i) => html`<tr><td>${i.spec_id ? link(hrefs.spec(i.spec_id), i.title) : i.title}</td>
<td>${i.trigger}</td><td>${stateBadge(i.state)}</td><td>${i.requested_by ?? '–'}</td>
<td>${threadLink(i.thread_id, 'thread')}</td><td>${when(i.created_at)}</td></tr>`,
  );
  const specRows = specs.map(
    (s) => html`<tr><td>${link(hrefs.spec(s.id), s.title)}</td><td class="num">v${s.currentVersion}</td>
<td>${s.currentState ? stateBadge(s.currentState) : '–'}</td><td>${s.repo ?? '–'}</td>
<td>${s.requestedBy ?? '–'}</td><td>${threadLink(s.threadId, 'thread')}</td><td>${when(s.createdAt)}</td></tr>`,
  );
  const body = html`${settings}
<h2>Intents</h2>
${table(['Intent', 'Trigger', 'State', 'Requested by', 'Chat', 'Detected'], intentRows, 'No intent yet.')}
<h2>Specs</h2>
${table(['Spec', 'Version', 'State', 'Repository', 'Requested by', 'Chat', 'Created'], specRows, 'No spec yet.')}
<h2>Executions</h2>
${executionsTable(executions, false)}
<h2>Model tokens (specs and listening)</h2>
${tokensTable(tokens)}`;
  return page(
    { title: channelLabel(channel), crumbs: [{ label: channel.id, href: hrefs.channel(id) }] },
    body,
  );
}

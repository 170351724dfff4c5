import type { Kysely } from 'kysely';
import type { Database } from '../../store/tables.ts';
import { modelTokensOf } from '../data/channel.ts';
import { recentExecutions, titleOf } from '../data/overview.ts';
import { type SpecDetail, specDetail } from '../data/spec.ts';
import { html, link, type SafeHtml } from '../html.ts';
import { page, stateBadge, table, when } from '../layout.ts';
import { hrefs, threadLink } from '../links.ts';
import { tokensTable } from './costs.ts';
import { eventLogTable } from './event-log.ts';
import { executionsTable } from './overview.ts';

export async function specPage(db: Kysely<Database>, id: string): Promise<SafeHtml | undefined> {
  const detail = await specDetail(db, id);
  if (!detail) return undefined;
  const { spec, intent, versions } = detail;
  const [executions, tokens] = await Promise.all([
    recentExecutions(db, { specId: id, limit: 50 }),
    modelTokensOf(db, { subjectId: spec.intent_id }),
  ]);
  const title = titleOf(versions.at(-1)?.body ?? intent);
  const facts = html`<dl class="facts">
<dt>Channel</dt><dd>${link(hrefs.channel(spec.channel_id), spec.channel_id)}</dd>
<dt>Chat thread</dt><dd>${threadLink(spec.thread_id)}</dd>
<dt>Repository</dt><dd>${spec.repo ?? 'the channel’s or the default repository'}</dd>
<dt>Requested by</dt><dd>${spec.requested_by ?? '–'}</dd>
<dt>Intent</dt><dd>${intent ? html`${intent.title} (${intent.trigger}, ${stateBadge(intent.state)})` : '–'}</dd>
<dt>Current version</dt><dd>v${spec.current_version}</dd></dl>`;
  const body = html`${facts}
${[...versions].reverse().map(versionSection)}
<h2>Executions</h2>
${executionsTable(executions, false)}
<h2>Model tokens (extraction, drafting, revisions)</h2>
${tokensTable(tokens)}`;
  return page(
    {
      title: `Spec: ${title}`,
      crumbs: [
        { label: spec.channel_id, href: hrefs.channel(spec.channel_id) },
        { label: 'spec', href: hrefs.spec(id) },
      ],
    },
    body,
  );
}

function versionSection(v: SpecDetail['versions'][number]): SafeHtml {
  const b = v.body as Record<string, unknown>;
  const list = (key: string) => {
    const items = Array.isArray(b[key]) ? (b[key] as unknown[]).map(String) : [];
    return items.length
      ? html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`
      : html`<span class="muted">none</span>`;
  };
  const reactions = v.reactions.map(
    (r) => html`<tr><td>${r.user_id}</td><td>${r.emoji}</td><td>${r.action}</td>
<td>${r.counted ? stateBadge('counted') : html`${stateBadge('ignored')} ${r.ignored_reason ?? ''}`}</td><td>${when(r.created_at)}</td></tr>`,
  );
  return html`<h2>v${v.version}: ${titleOf(b)} ${stateBadge(v.state)}</h2>
<dl class="facts">
<dt>Problem</dt><dd>${String(b.problem ?? '')}</dd>
<dt>Desired outcome</dt><dd>${String(b.desiredOutcome ?? '')}</dd>
<dt>Scope</dt><dd>${list('scope')}</dd>
<dt>Acceptance criteria</dt><dd>${list('acceptanceCriteria')}</dd>
<dt>Validation plan</dt><dd>${list('validationPlan')}</dd>
<dt>Size</dt><dd>${String(b.size ?? '–')}</dd>
<dt>Posted as</dt><dd>${v.message_id ?? html`<span class="muted">not posted</span>`}</dd>
<dt>Created</dt><dd>${when(v.created_at)}</dd></dl>
<h3>Reactions</h3>
${table(['User', 'Emoji', 'Action', 'Counted', 'At'], reactions, 'No reaction on this version.')}
<h3>History</h3>
${eventLogTable(v.events)}`;
}

import type { Kysely } from 'kysely';
import type { Database } from '../../store/tables.ts';
import { digestsList } from '../data/digests.ts';
import { html, link, type SafeHtml } from '../html.ts';
import { page, table, when } from '../layout.ts';
import { hrefs, threadLink } from '../links.ts';

interface Item {
  text?: unknown;
  link?: unknown;
}

/** A digest's stored content, section by section; anything of another shape is shown as data. */
function contentOf(content: Record<string, unknown>): SafeHtml {
  const sections = content.sections;
  if (!sections || typeof sections !== 'object') return html`<pre>${JSON.stringify(content, null, 2)}</pre>`;
  const parts = Object.entries(sections as Record<string, unknown>)
    .filter(([, items]) => Array.isArray(items) && items.length > 0)
    .map(
      ([name, items]) =>
        html`<strong>${name}</strong><ul>${(items as Item[]).map(
          (item) =>
            html`<li>${String(item.text ?? '')}${
              typeof item.link === 'string' ? html` · ${link(item.link, 'link', { external: true })}` : ''
            }</li>`,
        )}</ul>`,
    );
  return parts.length ? html`${parts}` : html`<span class="muted">nothing to report</span>`;
}

export async function digestsPage(db: Kysely<Database>): Promise<SafeHtml> {
  const digests = await digestsList(db);
  const rows = digests.map(
    (d) => html`<tr><td>${link(hrefs.channel(d.channel_id), d.name ? `#${d.name}` : d.channel_id)}</td>
<td>${d.period_key}</td><td>${d.posted_at ? when(d.posted_at) : html`<span class="muted">not posted</span>`}</td>
<td>${d.message_id ? threadLink(d.message_id, 'in chat') : '–'}</td><td>${contentOf(d.content)}</td></tr>`,
  );
  const body = table(
    ['Channel', 'Period', 'Posted', 'Chat', 'Content'],
    rows,
    'No digest yet. Channels get one on their schedule (`/codecot digest`), or at once with `/codecot digest now`.',
  );
  return page({ title: 'Digests', crumbs: [{ label: 'digests', href: '/dashboard/digests' }] }, body);
}

import { html, type SafeHtml } from '../html.ts';
import { stateBadge, table, when } from '../layout.ts';

interface LogRow {
  from_state: string | null;
  to_state: string;
  cause: Record<string, unknown>;
  at: Date;
}

/** The audit trail: each state change with who or what caused it. */
export function eventLogTable(rows: readonly LogRow[]): SafeHtml {
  const body = rows.map((r) => {
    const cause = r.cause as { kind?: string; actor?: string; detail?: string; eventId?: string };
    return html`<tr><td>${when(r.at)}</td><td>${r.from_state ? stateBadge(r.from_state) : '–'} → ${stateBadge(r.to_state)}</td>
<td>${cause.kind ?? ''}</td><td>${cause.actor ?? ''}</td><td>${cause.detail ?? ''}</td></tr>`;
  });
  return table(['At', 'Change', 'Cause', 'By', 'Detail'], body, 'Nothing logged yet.');
}

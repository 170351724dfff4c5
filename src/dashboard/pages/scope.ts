import { html, type SafeHtml } from '../html.ts';
import { table } from '../layout.ts';

interface Scope {
  filesChanged?: number;
  additions?: number;
  deletions?: number;
  outOfScope?: string[];
  secrets?: string[];
  credentials?: string[];
  binary?: string[];
  oversized?: string[];
  scopeHasPaths?: boolean;
}

interface DiffStat {
  files?: { path: string; status: string; additions: number; deletions: number; binary?: boolean }[];
  truncated?: boolean;
}

/** The scope check's findings and the changed files, as stored when the execution finished. */
export function scopeSection(scopeJson: unknown, diffJson: unknown): SafeHtml {
  if (!scopeJson) return html`<p class="empty">No scope report yet (it is made once the agent is done).</p>`;
  const scope = scopeJson as Scope;
  const flags: [string, string[] | undefined][] = [
    ['outside the spec’s scope', scope.outOfScope],
    ['Codecot’s own credentials added (not pushed)', scope.credentials],
    ['secret-like content added', scope.secrets],
    ['binary files', scope.binary],
    ['oversized changes', scope.oversized],
  ];
  const raised = flags.filter(([, files]) => files && files.length > 0);
  const diff = (diffJson ?? {}) as DiffStat;
  const rows = (diff.files ?? []).map(
    (f) => html`<tr><td><code>${f.path}</code></td><td>${f.status}</td>
<td class="num">+${f.additions}</td><td class="num">−${f.deletions}</td></tr>`,
  );
  return html`<p>${scope.filesChanged ?? 0} file${scope.filesChanged === 1 ? '' : 's'} changed,
+${scope.additions ?? 0} −${scope.deletions ?? 0}.
${
  raised.length
    ? ''
    : scope.scopeHasPaths
      ? 'All changes are inside the spec’s scope.'
      : 'The spec’s scope names no paths to check against.'
}</p>
${raised.length ? html`<ul class="warn">${raised.map(([label, files]) => html`<li>⚠️ ${label}: ${(files ?? []).join(', ')}</li>`)}</ul>` : ''}
${table(['File', 'Change', 'Added', 'Removed'], rows, 'No file changed.')}
${diff.truncated ? html`<p class="muted">The diff was cut at its size limit.</p>` : ''}`;
}

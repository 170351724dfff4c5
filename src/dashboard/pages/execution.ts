import type { Kysely } from 'kysely';
import type { Database } from '../../store/tables.ts';
import { type ExecutionDetail, executionDetail } from '../data/execution.ts';
import { TERMINAL, titleOf } from '../data/overview.ts';
import { html, link, type SafeHtml } from '../html.ts';
import { page, stateBadge, table, when } from '../layout.ts';
import { hrefs, pullRequestLink, threadLink } from '../links.ts';
import { costLine } from './costs.ts';
import { eventLogTable } from './event-log.ts';
import { LIVE_LOG_SCRIPT, liveLogTable } from './live-log.ts';
import { scopeSection } from './scope.ts';

export async function executionPage(db: Kysely<Database>, id: string): Promise<SafeHtml | undefined> {
  const detail = await executionDetail(db, id);
  if (!detail) return undefined;
  const { execution: e, version, spec } = detail;
  const title = `${titleOf(version.body)} (v${version.version}, run ${e.iteration})`;
  const live = !TERMINAL.includes(e.state);
  const body = html`${facts(detail)}
<h2>Live log${live ? html` <span class="muted">(updates while it runs)</span>` : ''}</h2>
${liveLogTable(id, detail.log, live)}
<h2>Validation</h2>
${validationTable(detail.validation)}
<h2>Scope and diff</h2>
${scopeSection(e.scope_report, e.diff_stat)}
<h2>State changes</h2>
${eventLogTable(detail.events)}`;
  return page(
    {
      title: `Execution: ${title}`,
      crumbs: [
        { label: spec.channel_id, href: hrefs.channel(spec.channel_id) },
        { label: 'spec', href: hrefs.spec(spec.id) },
        { label: 'execution', href: hrefs.execution(id) },
      ],
      ...(live ? { refreshSeconds: 3, script: LIVE_LOG_SCRIPT } : {}),
    },
    body,
  );
}

function facts({ execution: e, version, spec, pullRequest: pr }: ExecutionDetail): SafeHtml {
  const sha = (s: string | null) => (s ? s.slice(0, 10) : '–');
  return html`<dl class="facts">
<dt>State</dt><dd>${stateBadge(e.state, 'execution-state')}${e.cancel_requested_by ? html` (cancel requested by ${e.cancel_requested_by})` : ''}</dd>
<dt>Validation</dt><dd>${e.validation_outcome ? stateBadge(e.validation_outcome) : html`<span class="muted">not yet</span>`}</dd>
<dt>Pull request</dt><dd>${pr ? html`${pullRequestLink(pr.url, `#${pr.number} in ${pr.repo}`)} ${stateBadge(pr.state)}${pr.draft ? ' (draft)' : ''}` : html`<span class="muted">none yet</span>`}</dd>
<dt>Spec</dt><dd>${link(hrefs.spec(spec.id), `v${version.version}: ${titleOf(version.body)}`)} ${stateBadge(version.state)}</dd>
<dt>Chat thread</dt><dd>${threadLink(spec.thread_id)}</dd>
<dt>Branch</dt><dd>${e.branch ?? '–'} <span class="muted">(${sha(e.base_sha)} → ${sha(e.head_sha)})</span></dd>
<dt>Agent</dt><dd>${e.agent ?? '–'}, attempt ${e.attempt}</dd>
<dt>Model</dt><dd>${e.model ?? '–'}</dd>
<dt>Tokens</dt><dd>${costLine(e.model, e.input_tokens, e.output_tokens)}</dd>
<dt>Started</dt><dd>${when(e.created_at)}, last change ${when(e.updated_at)}</dd>
${e.summary ? html`<dt>Agent’s summary</dt><dd>${e.summary}</dd>` : ''}
${e.error ? html`<dt>Error</dt><dd class="warn">${e.error}</dd>` : ''}
</dl>`;
}

function validationTable(runs: ExecutionDetail['validation']): SafeHtml {
  const rows = runs.map(
    (
      r,
    ) => html`<tr><td>${r.phase === 'baseline' ? 'base commit' : 'change'}</td><td class="num">${r.attempt}</td>
<td>${r.check_name}</td><td><code>${r.command}</code></td><td>${stateBadge(r.status)}</td>
<td class="num">${r.passed_count ?? '–'}</td><td class="num">${r.failed_count ?? '–'}</td>
<td class="num">${(r.duration_ms / 1000).toFixed(1)} s</td>
<td>${r.failing_names.length ? r.failing_names.join('; ') : ''}</td>
<td>${r.log_tail ? html`<details><summary>log</summary><pre>${r.log_tail}</pre></details>` : ''}</td></tr>`,
  );
  const headers = [
    'Run on',
    'Attempt',
    'Check',
    'Command',
    'Status',
    'Passed',
    'Failed',
    'Time',
    'Failing',
    'Log',
  ];
  return html`<div id="validation">${table(headers, rows, 'No check has run yet.')}</div>`;
}

import type { ServerResponse } from 'node:http';

/** The dashboard's one stylesheet: readable tables, state colours, nothing else. */
export const STYLE = `
:root { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d22; background: #f7f7f8; }
body { margin: 0; }
main { max-width: 78rem; margin: 0 auto; padding: 0 1.25rem 3rem; }
h1 { font-size: 1.35rem; margin: 1rem 0; overflow-wrap: anywhere; }
h2 { font-size: 1.05rem; margin: 1.6rem 0 0.5rem; }
a { color: #3b5bdb; }
.crumbs { background: #1d1d22; color: #aaa; padding: 0.55rem 1.25rem; display: flex; gap: 0.25rem; flex-wrap: wrap; }
.crumbs a { color: #fff; }
.crumbs .nav { margin-left: auto; display: flex; gap: 1rem; }
.crumbs .nav a { color: #cfd8ff; }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid #e3e3e8; }
th, td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid #ececf0; vertical-align: top; }
th { background: #f0f0f4; font-weight: 600; font-size: 0.9em; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted, .empty { color: #6b6b76; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; background: #fff; border: 1px solid #e3e3e8; padding: 0.6rem 0.8rem; }
.facts dt { color: #6b6b76; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.state { display: inline-block; padding: 0 0.45em; border-radius: 4px; font-size: 0.85em; background: #e9e9ef; }
.state-succeeded, .state-passed, .state-approved, .state-merged, .state-counted { background: #d3f9d8; }
.state-failed, .state-rejected, .state-cancelled, .state-timed-out, .state-ignored { background: #ffe3e3; }
.state-queued, .state-preparing, .state-agent, .state-validating, .state-pushing, .state-pr-open,
.state-ci-pending, .state-proposed, .state-open { background: #fff3bf; }
pre { background: #fff; border: 1px solid #e3e3e8; padding: 0.6rem; overflow: auto; max-height: 24rem; white-space: pre-wrap; }
details summary { cursor: pointer; color: #3b5bdb; }
.warn { color: #b35c00; }
table.log td { font-size: 0.9em; }
table.log time { font-variant-numeric: tabular-nums; white-space: nowrap; }
.log-text { white-space: pre-wrap; overflow-wrap: anywhere; font-family: ui-monospace, monospace; }
.kind { display: inline-block; padding: 0 0.4em; border-radius: 4px; font-size: 0.85em; background: #e9e9ef; white-space: nowrap; }
.kind-agent, .kind-agent-summary { background: #e7f5ff; }
.kind-check-start, .kind-check-end { background: #f3f0ff; }
.kind-push, .kind-pull-request, .kind-ci { background: #d3f9d8; }
.kind-error, .kind-cancel { background: #ffe3e3; }
`;

export function sendStyle(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/css; charset=utf-8',
    'content-length': Buffer.byteLength(STYLE),
    'cache-control': 'max-age=300',
  });
  res.end(STYLE);
}

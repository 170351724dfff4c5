import type { ServerResponse } from 'node:http';
import { html, link, type SafeHtml } from './html.ts';

/** No scripts at all, styles only from this server: nothing on a page can run code. */
const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** Pages with a live part: script files of this server only (no inline script), fetching from it only. */
const CSP_WITH_SCRIPTS = `${CSP}; script-src 'self'; connect-src 'self'`;

export interface PageOptions {
  title: string;
  crumbs?: { label: string; href: string }[];
  /** Pages of things still moving reload themselves (only without scripts when `script` is set). */
  refreshSeconds?: number;
  /** A script file of this server that keeps the page current (send it with `{ scripts: true }`). */
  script?: string;
}

export function page(options: PageOptions, body: SafeHtml): SafeHtml {
  const crumbs = [{ label: 'Codecot', href: '/dashboard' }, ...(options.crumbs ?? [])];
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${options.refreshSeconds ? refresh(options.refreshSeconds, options.script !== undefined) : ''}
${options.script ? html`<script src="${options.script}" defer></script>` : ''}
<title>${options.title} · Codecot</title>
<link rel="stylesheet" href="/dashboard/style.css">
</head>
<body>
<nav class="crumbs">${crumbs.map((c, i) => html`${i ? ' / ' : ''}${link(c.href, c.label)}`)}
<span class="nav">${link('/dashboard/digests', 'Digests')} ${link('/dashboard/pulls', 'Local pull requests')} ${link('/playground', 'Playground')}</span></nav>
<main>
<h1>${options.title}</h1>
${body}
</main>
</body>
</html>
`;
}

function refresh(seconds: number, scripted: boolean): SafeHtml {
  const meta = html`<meta http-equiv="refresh" content="${seconds}">`;
  return scripted ? html`<noscript>${meta}</noscript>` : meta;
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  body: SafeHtml,
  options: { scripts?: boolean } = {},
): void {
  const text = body.value;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'content-security-policy': options.scripts ? CSP_WITH_SCRIPTS : CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
  });
  res.end(text);
}

export function notFound(res: ServerResponse, what: string): void {
  sendHtml(res, 404, page({ title: 'Not found' }, html`<p>There is no ${what} here.</p>`));
}

export function table(headers: string[], rows: SafeHtml[], empty: string): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<table><thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

export function stateBadge(state: string, id?: string): SafeHtml {
  return html`<span${id ? html` id="${id}"` : ''} class="state state-${state.replace(/[^a-z-]/g, '')}">${state}</span>`;
}

export function when(date: Date | string | null | undefined): SafeHtml {
  if (!date) return html`<span class="muted">–</span>`;
  const d = new Date(date);
  return html`<time datetime="${d.toISOString()}">${d.toISOString().replace('T', ' ').slice(0, 19)} UTC</time>`;
}

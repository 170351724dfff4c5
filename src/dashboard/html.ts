import { redact } from '../redact.ts';

/**
 * HTML built only through the `html` tag: every interpolated value is redacted and escaped unless it is
 * already SafeHtml, so text from chat, models or repositories can never become markup nor show a secret.
 */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(redact(String(value)));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/**
 * An href that cannot run script: relative paths of this server and http(s) URLs pass, anything
 * else (javascript:, data:, file:) becomes "#".
 */
export function safeHref(url: string): string {
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : '#';
  } catch {
    return '#';
  }
}

export function link(href: string, label: unknown, attrs: { external?: boolean } = {}): SafeHtml {
  return attrs.external
    ? html`<a href="${safeHref(href)}" rel="noopener noreferrer" target="_blank">${label}</a>`
    : html`<a href="${safeHref(href)}">${label}</a>`;
}

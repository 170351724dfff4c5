import type { StoredMessage } from '../store/repositories/messages.ts';

/**
 * Quotes chat messages as data for a prompt, compactly: one line each, `n author: text`, with the
 * trust label only where the author is untrusted, all inside one <chat> block. Line breaks and tag-like
 * text inside a message are defused so a message cannot end the block and pose as instructions.
 */
export function quoteLine(message: StoredMessage, n: number): string {
  const label = message.trusted ? '' : ` [untrusted:${message.untrustedReason ?? 'unknown'}]`;
  return `${n} ${defuse(message.authorName)}${label}: ${defuse(message.text)}`;
}

export function quoteAll(messages: readonly StoredMessage[]): string {
  const lines = messages.length ? messages.map((m, i) => quoteLine(m, i + 1)).join('\n') : '(no messages)';
  return `<chat>\n${lines}\n</chat>`;
}

function defuse(text: string): string {
  return text.replace(/<\/?chat>/gi, (tag) => tag.replace('<', '‹')).replace(/\r?\n/g, ' ⏎ ');
}

import type { RichMessage } from '../../src/domain/chat.ts';

/** The longest text one playground message shows; longer posts continue in numbered parts. */
export const MAX_MESSAGE_LENGTH = 4_000;

/** Everything a reader sees, flattened: title, text, each section, the context line. */
export function visibleText(message: RichMessage): string {
  const parts = [message.title ?? '', message.text];
  for (const section of message.sections ?? []) {
    parts.push(section.heading ?? '', section.body ?? '');
    for (const item of section.items ?? []) parts.push(`• ${item}`);
    for (const field of section.fields ?? []) parts.push(`${field.label}: ${field.value}`);
  }
  parts.push(message.context ?? '');
  return parts.filter((part) => part !== '').join('\n');
}

/**
 * A message as the parts it is posted in: itself when it fits, otherwise its flattened text in
 * numbered parts of at most MAX_MESSAGE_LENGTH characters, so nothing is lost.
 */
export function splitForPosting(message: RichMessage): RichMessage[] {
  const flat = visibleText(message);
  if (flat.length <= MAX_MESSAGE_LENGTH) return [message];
  const chunks = chunk(flat, MAX_MESSAGE_LENGTH - 16);
  return chunks.map((text, index) => ({ text: `${text}\n(${index + 1}/${chunks.length})` }));
}

/** An edit must stay one message: beyond the limit it is cut, and says so. */
export function truncateForUpdate(message: RichMessage): RichMessage {
  const flat = visibleText(message);
  if (flat.length <= MAX_MESSAGE_LENGTH) return message;
  const note = '\n… (truncated; the full text is on the dashboard)';
  const cut: RichMessage = { text: `${flat.slice(0, MAX_MESSAGE_LENGTH - note.length)}${note}` };
  if (message.title) cut.title = message.title;
  return cut;
}

/** Cuts at line breaks where possible; a single overlong line is cut hard. */
function chunk(text: string, size: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    let rest = line;
    while (rest.length > size) {
      if (current) chunks.push(current);
      current = '';
      chunks.push(rest.slice(0, size));
      rest = rest.slice(size);
    }
    const next = current ? `${current}\n${rest}` : rest;
    if (next.length > size) {
      chunks.push(current);
      current = rest;
    } else {
      current = next;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

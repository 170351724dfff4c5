import type { RichSection } from '../../src/domain/chat.ts';
import { visibleText } from './format.ts';
import type { RoomMessage } from './room.ts';

/** A message as the page (and the tests) receive it: plain data, rendered with textContent only. */
export interface MessageView {
  id: string;
  channel: string;
  threadId: string | null;
  author: { id: string; name: string; bot: boolean; trusted: boolean };
  title: string | null;
  text: string;
  sections: RichSection[];
  context: string | null;
  /** Everything a reader sees, flattened (what tests assert on). */
  visible: string;
  at: string;
  edited: boolean;
  mentionsBot: boolean;
  reactions: { emoji: string; users: string[] }[];
  /** True for a note only its recipient sees. */
  onlyYou: boolean;
  /** Links the page cannot open as written (file:// pull requests) → where they are shown instead. */
  links: Record<string, string>;
}

/** Turns a link the browser cannot follow into one it can; undefined keeps it as text. */
export type LinkRewriter = (url: string) => string | undefined;

/** The same pattern the page links with: trailing punctuation is not part of the link. */
const URL_PATTERN = /\bfile:\/\/[^\s<>()`"']*[^\s<>()`"'.,;:!?]/g;

export function toView(message: RoomMessage, rewrite: LinkRewriter | undefined): MessageView {
  const visible = visibleText(message.content);
  const links: Record<string, string> = {};
  if (rewrite) {
    for (const [url] of visible.matchAll(URL_PATTERN)) {
      const href = rewrite(url);
      if (href) links[url] = href;
    }
  }
  return {
    id: message.id,
    channel: message.channel,
    threadId: message.threadId ?? null,
    author: {
      id: message.author.id,
      name: message.author.name,
      bot: message.author.isBot,
      trusted: message.author.trust === 'trusted',
    },
    title: message.content.title ?? null,
    text: message.content.text,
    sections: message.content.sections ?? [],
    context: message.content.context ?? null,
    visible,
    at: message.at.toISOString(),
    edited: message.edited,
    mentionsBot: message.mentionsBot,
    reactions: [...message.reactions].map(([emoji, users]) => ({ emoji, users: [...users] })),
    onlyYou: message.visibleTo !== undefined,
    links,
  };
}

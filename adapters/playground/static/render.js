// Builds the DOM for messages. Chat text only ever becomes text nodes (never HTML), and links
// only ever point to http(s) addresses or to pages the server mapped them to.

// A link ends before trailing punctuation ("…#pull/1." links to #pull/1), as on Slack and Discord.
const TOKEN =
  /(`[^`\n]+`|<@[a-z0-9]+>|\bhttps?:\/\/[^\s<>()]*[^\s<>().,;:!?]|\bfile:\/\/[^\s<>()`"']*[^\s<>()`"'.,;:!?])/g;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Text with `code`, <@mentions> and links; everything else stays plain text. */
export function richText(text, links) {
  const out = el('div', 'text');
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    out.append(text.slice(last, match.index));
    out.append(token(match[0], links));
    last = match.index + match[0].length;
  }
  out.append(text.slice(last));
  return out;
}

function token(raw, links) {
  if (raw.startsWith('`')) return el('code', '', raw.slice(1, -1));
  if (raw.startsWith('<@')) return el('span', 'mention', `@${raw.slice(2, -1)}`);
  const href = raw.startsWith('file://') ? links[raw] : raw;
  if (!href) return document.createTextNode(raw);
  const a = el('a', '', raw);
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

function section(s, links) {
  const box = el('section', 'section');
  if (s.heading) box.append(el('h4', '', s.heading));
  if (s.body) box.append(richText(s.body, links));
  if (s.items?.length) {
    const ul = el('ul');
    for (const item of s.items) {
      const li = el('li');
      li.append(richText(item, links));
      ul.append(li);
    }
    box.append(ul);
  }
  if (s.fields?.length) {
    const dl = el('dl', 'fields');
    for (const f of s.fields) {
      const dd = el('dd');
      dd.append(richText(f.value, links));
      dl.append(el('dt', '', f.label), dd);
    }
    box.append(dl);
  }
  return box;
}

/**
 * One message: author, time, content, reactions. `ctx` has the viewer (`me`), the palette, the
 * number of replies, and the handlers for reacting, opening the thread, editing and deleting.
 */
export function renderMessage(m, ctx) {
  const li = el('li', `message${m.author.bot ? ' from-bot' : ''}${m.onlyYou ? ' only-you' : ''}`);
  li.dataset.id = m.id;
  const head = el('div', 'head');
  head.append(el('span', 'author', m.author.name), el('time', 'muted', new Date(m.at).toLocaleTimeString()));
  if (!m.author.trusted) head.append(el('span', 'badge', 'untrusted'));
  if (m.edited) head.append(el('span', 'muted', '(edited)'));
  if (m.onlyYou) head.append(el('span', 'badge', 'only visible to you'));
  li.append(head);
  if (m.title) li.append(el('div', 'title', m.title));
  li.append(richText(m.text, m.links));
  for (const s of m.sections) li.append(section(s, m.links));
  if (m.context) li.append(Object.assign(richText(m.context, m.links), { className: 'context muted' }));
  if (!m.onlyYou) li.append(reactionBar(m, ctx));
  return li;
}

function reactionBar(m, ctx) {
  const bar = el('div', 'actions');
  const byEmoji = new Map(m.reactions.map((r) => [r.emoji, r.users]));
  const shown = [...new Set([...ctx.palette, ...byEmoji.keys()])];
  for (const emoji of shown) {
    const users = byEmoji.get(emoji) ?? [];
    const mine = users.includes(ctx.me);
    const button = el(
      'button',
      `reaction${users.length ? ' used' : ''}`,
      users.length ? `${emoji} ${users.length}` : emoji,
    );
    button.type = 'button';
    button.dataset.emoji = emoji;
    button.setAttribute('aria-pressed', String(mine));
    button.title = users.length ? users.map((u) => u.replace(/^local:/, '@')).join(', ') : `react ${emoji}`;
    button.onclick = () => ctx.react(m, emoji, !mine);
    bar.append(button);
  }
  if (!m.threadId && ctx.openThread) {
    const n = ctx.replies(m.id);
    const reply = el('button', 'link', n ? `${n} repl${n === 1 ? 'y' : 'ies'}` : 'reply');
    reply.type = 'button';
    reply.onclick = () => ctx.openThread(m.id);
    bar.append(reply);
  }
  if (m.author.id === ctx.me) {
    for (const [label, handler] of [
      ['edit', ctx.edit],
      ['delete', ctx.remove],
    ]) {
      const button = el('button', 'link', label);
      button.type = 'button';
      button.onclick = () => handler(m);
      bar.append(button);
    }
  }
  return bar;
}

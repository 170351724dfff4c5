// Draws the page from the state: the channel list, the channel's messages, the open thread.
import { renderMessage } from './render.js';

const $ = (id) => document.getElementById(id);

/** Threads show in the pane on the right; the channel shows roots (and replies whose root is gone). */
export function renderPage(state, ctx, open) {
  const list = $('channel-list');
  list.replaceChildren(
    ...state.channels.map((name) => {
      const button = Object.assign(document.createElement('button'), {
        type: 'button',
        textContent: `# ${name}`,
      });
      button.className = name === state.channel ? 'active' : '';
      button.onclick = () => open(name, null);
      const li = document.createElement('li');
      li.append(button);
      return li;
    }),
  );
  $('channel-title').textContent = `# ${state.channel}`;
  $('text').placeholder = `Message #${state.channel}: mention @${state.bot.name}, or /codecot help`;
  const inChannel = [...state.messages.values()].filter((m) => m.channel === state.channel);
  const roots = inChannel.filter((m) => !m.threadId || !state.messages.has(m.threadId));
  fill(state, $('messages'), roots, { ...ctx, openThread: ctx.openThread });
  $('thread').hidden = !state.thread;
  if (state.thread) {
    const thread = inChannel.filter((m) => m.id === state.thread || m.threadId === state.thread);
    fill(state, $('thread-messages'), thread, { ...ctx, openThread: null });
  }
}

/** Replaces a list's messages, keeping it scrolled to the bottom, or to the message the link named. */
function fill(state, list, messages, options) {
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  list.replaceChildren(...messages.map((m) => renderMessage(m, options)));
  const target = state.highlight && list.querySelector(`[data-id="${CSS.escape(state.highlight)}"]`);
  if (target) {
    target.classList.add('highlight');
    target.scrollIntoView({ block: 'center' });
    state.highlight = null;
  } else if (atBottom) list.scrollTop = list.scrollHeight;
}

// The playground page: channels on the left, the channel in the middle, a thread on the right.
import { act, follow, loadState } from './api.js';
import { renderPage } from './page.js';

const NAME_KEY = 'codecot-playground-name';
const $ = (id) => document.getElementById(id);
const slug = (name) =>
  name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 32);

const state = {
  name: localStorage.getItem(NAME_KEY) || 'you',
  bot: { name: 'codecot' },
  channels: [],
  palette: [],
  messages: new Map(),
  channel: 'general',
  thread: null,
  highlight: null,
  /** Changes that arrive while a snapshot loads are applied after it, so none is lost. */
  pending: null,
  stop: null,
};
const me = () => `local:${slug(state.name)}`;
const user = () => ({ name: state.name });

function connect() {
  state.stop?.();
  state.stop = follow(state.name, onChange, reload);
}

async function reload() {
  state.pending = [];
  try {
    const snapshot = await loadState(state.name);
    Object.assign(state, { bot: snapshot.bot, channels: snapshot.channels, palette: snapshot.palette });
    state.messages = new Map(snapshot.messages.map((m) => [m.id, m]));
    showNotices(snapshot.notices);
    for (const change of state.pending) apply(change);
  } catch (error) {
    say(error.message);
  } finally {
    state.pending = null;
  }
  render();
}

function onChange(change) {
  if (state.pending) state.pending.push(change);
  else {
    apply(change);
    render();
  }
}

function apply(change) {
  if (change.kind === 'message') state.messages.set(change.message.id, change.message);
  if (change.kind === 'removed') state.messages.delete(change.id);
  if (change.kind === 'channel' && !state.channels.includes(change.name)) state.channels.push(change.name);
}

function showNotices(notices) {
  $('notices').replaceChildren(
    ...notices.map((text) =>
      Object.assign(document.createElement('p'), { className: 'notice', textContent: text }),
    ),
  );
}

const say = (text) => {
  $('status').textContent = text;
};

const ctx = {
  get me() {
    return me();
  },
  get palette() {
    return state.palette;
  },
  replies: (id) => [...state.messages.values()].filter((m) => m.threadId === id && !m.onlyYou).length,
  react: (m, emoji, on) =>
    act('reactions', { user: user(), messageId: m.id, emoji, on }).catch((e) => say(e.message)),
  openThread: (id) => open(state.channel, id),
  edit: (m) => {
    const text = prompt('Edit your message', m.text);
    if (text?.trim()) act('edits', { user: user(), messageId: m.id, text }).catch((e) => say(e.message));
  },
  remove: (m) => {
    if (confirm('Delete this message?'))
      act('deletions', { user: user(), messageId: m.id }).catch((e) => say(e.message));
  },
};

const render = () => renderPage(state, ctx, open);

function open(channel, thread, highlight = null) {
  Object.assign(state, { channel, thread, highlight });
  history.replaceState(null, '', `#${[channel, thread].filter(Boolean).map(encodeURIComponent).join('/')}`);
  render();
}

async function send(textarea, threadId) {
  const text = textarea.value.trim();
  if (!text) return;
  try {
    if (text.startsWith('/')) {
      if (!/^\/codecot\b/i.test(text)) return say('Only /codecot commands work here; try /codecot help');
      await act('commands', { user: user(), channel: state.channel, text, threadId: threadId ?? undefined });
    } else {
      const { message } = await act('messages', {
        user: user(),
        channel: state.channel,
        text,
        threadId: threadId ?? undefined,
      });
      // A request to the bot is answered in its thread: open it, so the answer is in view.
      if (!threadId && message.mentionsBot) open(state.channel, message.id);
    }
    textarea.value = '';
    say('');
  } catch (error) {
    say(error.message);
  }
}

function wireComposer(form, textarea, threadId) {
  form.onsubmit = (event) => {
    event.preventDefault();
    send(textarea, threadId());
  };
  textarea.onkeydown = (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      send(textarea, threadId());
    }
  };
}

function readHash() {
  const [channel, thread, message] = location.hash.slice(1).split('/').map(decodeURIComponent);
  if (channel) Object.assign(state, { channel, thread: thread || null, highlight: message || null });
}

$('name').value = state.name;
$('name').onchange = () => {
  const name = $('name').value.trim();
  if (!slug(name)) return say('Pick a name with at least one letter or digit');
  state.name = name;
  localStorage.setItem(NAME_KEY, name);
  connect();
};
wireComposer($('composer'), $('text'), () => null);
wireComposer($('thread-composer'), $('thread-text'), () => state.thread);
$('close-thread').onclick = () => open(state.channel, null);
$('new-channel').onsubmit = (event) => {
  event.preventDefault();
  const name = $('new-channel-name').value.trim().toLowerCase();
  act('channels', { user: user(), name })
    .then(
      () => open(name, null),
      (e) => say(e.message),
    )
    .finally(() => {
      $('new-channel-name').value = '';
    });
};
addEventListener('hashchange', () => {
  readHash();
  render();
});
readHash();
connect();

/**
 * The whole environment a command of an agent sees: a fixed PATH, a HOME it may write to, and
 * nothing of the bot's own environment (its tokens and keys never reach an agent).
 */
export function minimalEnv(home: string): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    // Tools that would prompt, page or colour their output behave as in CI instead.
    TERM: 'dumb',
    CI: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
  };
}

/** The last `maxChars` characters of a text, with a marker when something was cut. */
export function tail(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `[... ${text.length - maxChars} characters cut ...]\n${text.slice(-maxChars)}`;
}

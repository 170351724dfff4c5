import type { PlatformName, RichMessage } from '../domain/chat.ts';
import { type EmojiMeaning, emojiFor } from '../domain/emoji.ts';
import type { CiCheckRecord, CiOutcome } from '../store/repositories/ci.ts';

/** Conclusions that mean a check did not pass; neutral and skipped are not failures (GitHub agrees). */
const FAILING = new Set(['failure', 'timed_out', 'cancelled']);
export const isFailing = (conclusion: string): boolean => FAILING.has(conclusion);

export interface CiReportView {
  outcome: CiOutcome;
  sha: string;
  pullRequest: { number: number; url: string };
  checks: readonly CiCheckRecord[];
  /** How long Codecot waited (timed-out and no-checks reports say so). */
  waited: string;
  /** What a person can do next on a failure: the 🔁 emoji and how many CI fixes are left. */
  next: { repeat: string; fixesLeft: number } | undefined;
}

const short = (sha: string) => sha.slice(0, 7);
const link = (c: CiCheckRecord) => (c.url ? ` — ${c.url}` : '');

function baseNote(c: CiCheckRecord): string {
  if (c.failsOnBase === true) return 'also fails on the base branch';
  if (c.failsOnBase === false) return 'passes on the base branch';
  return 'not run on the base branch';
}

/** The one CI message of a pull request head: all passed, or which checks failed and where. */
export function renderCiReport(view: CiReportView): RichMessage {
  const pr = `pull request #${view.pullRequest.number}`;
  const at = `\`${short(view.sha)}\``;
  const failing = view.checks.filter((c) => isFailing(c.conclusion));
  const passing = view.checks.filter((c) => !isFailing(c.conclusion) && c.conclusion !== 'pending');
  const pending = view.checks.filter((c) => c.conclusion === 'pending');
  switch (view.outcome) {
    case 'passed':
      return shown({
        title: `CI passed on ${pr}`,
        text: `All ${view.checks.length} CI check${view.checks.length === 1 ? '' : 's'} passed on ${at} (${view.pullRequest.url}).`,
        sections: [{ items: passing.map((c) => `✅ ${c.name}: ${c.conclusion}${link(c)}`) }],
      });
    case 'failed':
      return shown({
        title: `CI failed on ${pr}`,
        text: `${failing.length} of ${view.checks.length} CI checks failed on ${at} (${view.pullRequest.url}): ${failing.map((c) => c.name).join(', ')}.`,
        sections: [
          { items: failing.map((c) => `❌ ${c.name}: ${c.conclusion}, ${baseNote(c)}${link(c)}`) },
          ...(passing.length
            ? [{ heading: 'Passed', items: passing.map((c) => `✅ ${c.name}${link(c)}`) }]
            : []),
        ],
        context: nextStep(view.next),
      });
    case 'timed-out':
      return shown({
        title: `CI did not finish on ${pr}`,
        text: `CI was still running on ${at} after ${view.waited}: ${pending.map((c) => c.name).join(', ') || 'no result'}. I stopped waiting; the pull request stays open (${view.pullRequest.url}).`,
      });
    case 'no-checks':
      return shown({
        title: `No CI on ${pr}`,
        text: `No CI check was reported for ${at} within ${view.waited}, so there is nothing to wait for: the change rests on my own validation (${view.pullRequest.url}).`,
      });
  }
}

/** The summary leads the first section too: Slack shows `text` only as the notification fallback. */
function shown(message: RichMessage): RichMessage {
  const [first, ...rest] = message.sections ?? [];
  return { ...message, sections: [{ ...first, body: message.text }, ...rest] };
}

function nextStep(next: CiReportView['next']): string {
  if (!next) return 'Reply in the thread to start another iteration.';
  if (next.fixesLeft <= 0)
    return 'The limit of CI fix iterations for this spec is reached: reply in the thread with instructions to iterate again.';
  return `React ${next.repeat} here to start a fix iteration with the failing output (${next.fixesLeft} left), or reply in the thread with instructions.`;
}

/** What the agent is told in a CI fix iteration: each failing check, its own output and whether the base fails too. */
export function ciFeedback(sha: string, checks: readonly CiCheckRecord[]): string {
  const failing = checks.filter((c) => isFailing(c.conclusion));
  const lines = failing.map(
    (c) =>
      `CI check "${c.name}" ended ${c.conclusion} on commit ${short(sha)} (${baseNote(c)}).${c.url ? ` Details: ${c.url}` : ''}${c.details ? `\n${c.details.slice(0, 1_500)}` : ''}`,
  );
  return `The pull request's CI failed.\n${lines.join('\n\n')}`;
}

/** An emoji as a person reads it in a message: `:repeat:` in Slack's text, the character elsewhere. */
export function emojiText(meaning: EmojiMeaning, platform: PlatformName): string {
  const name = emojiFor(meaning, platform);
  return platform === 'slack' ? `:${name}:` : name;
}

/** `90 s`, `12 min`, `2 h`. */
export function duration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7_200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3_600)} h`;
}

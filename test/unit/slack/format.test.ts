import { describe, expect, test } from 'vitest';
import { renderMessage, renderNote } from '../../../adapters/slack/format.ts';
import { cutText, SLACK_LIMITS } from '../../../adapters/slack/mrkdwn.ts';
import type { RichMessage } from '../../../src/domain/chat.ts';
import { introduction } from '../../../src/pipeline/introduce.ts';
import type { ChatPlatform } from '../../../src/ports/chat-platform.ts';

const spec: RichMessage = {
  text: 'Spec v1: Add retries to the uploader',
  title: 'Spec v1: Add retries',
  sections: [
    { heading: 'Problem', body: 'Uploads fail on flaky networks.' },
    { heading: 'Acceptance criteria', items: ['retries 3 times', 'backs off exponentially'] },
    {
      fields: [
        { label: 'Repo', value: 'acme/widgets' },
        { label: 'Quorum', value: '1' },
      ],
    },
  ],
  context: 'React :white_check_mark: to approve or :x: to reject. Requested by <@U0ALICE>.',
};

type Block = {
  type: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { text: string }[];
};
const blocksOf = (message: RichMessage) => (renderMessage(message).blocks ?? []) as Block[];

describe('renderMessage (Block Kit snapshots)', () => {
  test('a spec: header, sections with bullets and fields, context', () => {
    expect(renderMessage(spec)).toMatchSnapshot();
  });

  test('the introduction posted when the bot joins a channel', () => {
    expect(renderMessage(introduction({ name: 'slack' } as ChatPlatform))).toMatchSnapshot();
  });

  test('a status update with text only has no blocks', () => {
    expect(renderMessage({ text: 'Working on it… :hourglass_flowing_sand:' })).toEqual({
      text: 'Working on it… :hourglass_flowing_sand:',
    });
  });
});

describe('renderMessage: safety', () => {
  test('broadcasts are neutralised while user mentions and links keep working', () => {
    const { text } = renderMessage({
      text: '<!channel> ping <@U0BOB>, see <https://x.test/a?b=1&c=2|the log>; 1 < 2 && 3 > 2',
    });
    expect(text).toBe(
      '&lt;!channel&gt; ping <@U0BOB>, see <https://x.test/a?b=1&amp;c=2|the log>; 1 &lt; 2 &amp;&amp; 3 &gt; 2',
    );
  });

  test('secrets are redacted in every part', () => {
    const token = 'xoxb-1234567890-abcdefghij';
    const rendered = JSON.stringify(
      renderMessage({
        text: token,
        title: token,
        sections: [{ body: token, fields: [{ label: 'k', value: token }] }],
        context: token,
      }),
    );
    expect(rendered).not.toContain(token);
    expect(rendered.match(/\[REDACTED\]/g)).toHaveLength(5);
  });
});

describe('renderMessage: Slack limits', () => {
  const long = Array.from({ length: 2_000 }, (_, i) => `line ${i} of the validation log`).join('\n');

  test('a long section is cut at 3,000 characters with a visible pointer', () => {
    const [section] = blocksOf({ text: 'result', sections: [{ heading: 'Log', body: long }] });
    expect(section?.text?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(section?.text?.text).toMatch(/^\*Log\*\nline 0 of/);
    expect(section?.text?.text).toMatch(/… \(truncated, \d+ more characters\)$/);
  });

  test('the fallback text is cut at 40,000 characters and the header at 150', () => {
    const rendered = renderMessage({ text: long.repeat(2), title: 'T'.repeat(400) });
    expect(rendered.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
    expect(rendered.text).toMatch(/truncated/);
    const header = rendered.blocks?.[0] as Block;
    expect(header.text?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
  });

  test('more than ten fields spill into further sections', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `check ${i}`, value: 'passed' }));
    expect(
      blocksOf({ text: 'checks', sections: [{ heading: 'Checks', fields }] }).map((b) => b.fields?.length),
    ).toEqual([10, 10, 3]);
  });

  test('more than fifty blocks end with a note of how many were left out', () => {
    const sections = Array.from({ length: 60 }, (_, i) => ({ body: `part ${i}` }));
    const blocks = blocksOf({ text: 'many', sections });
    expect(blocks).toHaveLength(SLACK_LIMITS.blocksPerMessage);
    expect(blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '… (truncated, 11 more sections)' }],
    });
  });

  test('a command reply is escaped mrkdwn within the message limit', () => {
    expect(renderNote('`/codecot approvers add <@user…>`')).toBe('`/codecot approvers add &lt;@user…&gt;`');
  });
});

describe('cutText', () => {
  test('leaves text within the limit alone', () => {
    expect(cutText('short', 10)).toBe('short');
  });

  test('never ends on half an emoji, half an entity or half a mention', () => {
    const cases = [
      `${'a'.repeat(9)}😀${'b'.repeat(100)}`,
      `${'a'.repeat(8)}&amp;${'b'.repeat(100)}`,
      `${'a'.repeat(6)}<@U0ALICE> ${'b'.repeat(100)}`,
    ];
    for (const text of cases) {
      for (let limit = 40; limit <= 60; limit += 1) {
        const cut = cutText(text, limit);
        const kept = cut.split('\n')[0] ?? '';
        expect(cut.length).toBeLessThanOrEqual(limit);
        expect(cut).toMatch(/… \(truncated, \d+ more characters\)$/);
        expect(kept).not.toMatch(/[\uD800-\uDBFF]$|&[a-z]{0,4}$|<[^>]*$/);
      }
    }
  });
});

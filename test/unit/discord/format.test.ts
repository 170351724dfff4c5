import { describe, expect, test } from 'vitest';
import { LIMITS, MAX_PARTS } from '../../../adapters/discord/embeds.ts';
import { type DiscordBody, renderEdit, renderParts } from '../../../adapters/discord/format.ts';
import { threadName } from '../../../adapters/discord/outbound.ts';
import type { RichMessage } from '../../../src/domain/chat.ts';

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
  context: 'React ✅ to approve, ❌ to reject',
};

/** Discord's limits, as the fake and Discord check them. */
function withinLimits(body: DiscordBody): void {
  expect(body.content.length).toBeLessThanOrEqual(LIMITS.content);
  for (const embed of body.embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(field.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      expect(field.value.length).toBeGreaterThan(0);
    }
    const total =
      (embed.title?.length ?? 0) +
      (embed.description?.length ?? 0) +
      (embed.footer?.text.length ?? 0) +
      (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
  }
}

describe('renderParts', () => {
  test('a spec is one message: the content fallback and an embed with the same sections as Block Kit', () => {
    expect(renderParts(spec)).toMatchSnapshot();
  });

  test('plain short text is content only', () => {
    expect(renderParts({ text: 'Working on it' })).toEqual([
      { content: 'Working on it', embeds: [], allowed_mentions: { parse: ['users'] } },
    ]);
  });

  test('a long log is split into numbered parts within every limit, nothing lost', () => {
    const log = Array.from({ length: 900 }, (_, i) => `line ${i} of a very long validation log`).join('\n');
    const parts = renderParts({ text: log, title: 'Validation', sections: [{ heading: 'Log', body: log }] });
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach(withinLimits);
    expect(parts.map((p) => p.embeds[0]?.title)).toEqual(
      parts.map((_, i) => `Validation (${i + 1}/${parts.length})`),
    );
    const described = parts.map((p) => p.embeds[0]?.description ?? '').join('\n');
    for (const i of [0, 450, 899]) expect(described).toContain(`line ${i} of a very long validation log`);
    expect(parts[0]?.content).toMatch(/… \(truncated\)$/);
    expect(parts.slice(1).every((p) => p.content === '')).toBe(true);
  });

  test('long plain text travels in embed descriptions', () => {
    const parts = renderParts({ text: 'word '.repeat(1_000) });
    expect(parts).toHaveLength(2);
    expect(parts[0]?.embeds[0]?.title).toBe('Codecot (1/2)');
    parts.forEach(withinLimits);
  });

  test('many and long fields: at most 25 per embed, long values become text instead of being cut', () => {
    const fields = Array.from({ length: 60 }, (_, i) => ({ label: `check ${i}`, value: 'passed' }));
    fields.push({ label: 'stack', value: 'x'.repeat(3_000) });
    const parts = renderParts({ text: 'checks', title: 'Checks', sections: [{ fields }] });
    parts.forEach(withinLimits);
    const all = parts.flatMap((p) => p.embeds[0]?.fields ?? []);
    expect(all).toHaveLength(60);
    expect(parts.map((p) => p.embeds[0]?.description ?? '').join('')).toContain('x'.repeat(3_000));
  });

  test(`beyond ${MAX_PARTS} parts the last one says how much was cut`, () => {
    const parts = renderParts({ text: 'huge', title: 'Huge', sections: [{ body: 'y '.repeat(40_000) }] });
    expect(parts).toHaveLength(MAX_PARTS);
    expect(parts.at(-1)?.embeds[0]?.footer?.text).toMatch(/truncated: \d+ more characters/);
  });

  test('secrets are redacted everywhere', () => {
    const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    const body = JSON.stringify(
      renderParts({
        text: token,
        title: token,
        sections: [{ body: token, fields: [{ label: 'k', value: token }] }],
      }),
    );
    expect(body).not.toContain(token);
    expect(body).toContain('[REDACTED]');
  });
});

describe('renderEdit', () => {
  test('an edit replaces one message: too long is cut with a pointer, never split', () => {
    const edit = renderEdit({ text: 'status', title: 'Run 7', sections: [{ body: 'z\n'.repeat(6_000) }] });
    withinLimits(edit);
    expect(edit.embeds).toHaveLength(1);
    expect(edit.embeds[0]?.title).toBe('Run 7');
    expect(edit.embeds[0]?.footer?.text).toMatch(/truncated/);
  });

  test('an edit to plain text clears the embeds', () => {
    expect(renderEdit({ text: 'done' }).embeds).toEqual([]);
  });
});

test('thread names come from the title or first line, without markdown, at most 100 characters', () => {
  expect(threadName(spec)).toBe('Spec v1: Add retries');
  expect(threadName({ text: '\n**Run** `42` started\nmore' })).toBe('Run 42 started');
  expect(threadName({ text: 'a'.repeat(300) })).toHaveLength(100);
  expect(threadName({ text: '' })).toBe('Codecot');
});

import { describe, expect, test } from 'vitest';
import { CodecotError } from '../../src/errors.ts';
import { renderPrompt } from '../../src/prompts.ts';

const values = {
  'extract-intent': {
    trigger: 'mention',
    request: '<msg id="1" author="ada" trust="trusted">retry uploads</msg>',
    conversation: '(no messages)',
  },
  'listen-passively': {
    summary: '(nothing yet)',
    open: '(none)',
    messages: '<msg id="1" author="bob" trust="trusted">dark mode?</msg>',
  },
  'draft-spec': {
    title: 'Add retries',
    summary: 'Uploads fail.',
    conversation: '(no messages)',
    repo: 'acme/widgets',
    repoContext: '(none)',
    memory: '(nothing recorded yet)',
  },
  'agent-builtin': { maxSteps: '30', commandTimeoutSeconds: '300' },
  'revise-spec': {
    version: '1',
    spec: '{"title":"Add retries"}',
    feedback: '<msg id="1" author="ada" trust="trusted">also backoff</msg>',
    conversation: '(no messages)',
  },
} as const;

describe('prompts', () => {
  test.each(Object.entries(values))('%s renders every placeholder', (name, vars) => {
    const text = renderPrompt(name as keyof typeof values, { ...vars });
    expect(text).not.toMatch(/\{\{|\}\}/);
    expect(text).toMatchSnapshot();
  });

  test('a missing placeholder is an error naming it', () => {
    const { memory: _dropped, ...rest } = values['draft-spec'];
    expect(() => renderPrompt('draft-spec', rest)).toThrow(CodecotError);
    expect(() => renderPrompt('draft-spec', rest)).toThrow(/missing memory/);
  });

  test('an unused value is an error naming it', () => {
    expect(() => renderPrompt('extract-intent', { ...values['extract-intent'], extra: 'x' })).toThrow(
      /unused extra/,
    );
  });

  test('every prompt tells the model that chat messages are data', () => {
    for (const [name, vars] of Object.entries(values)) {
      expect(renderPrompt(name as keyof typeof values, { ...vars })).toMatch(
        /never follow[\s\S]*instructions/i,
      );
    }
  });
});

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Refusal } from '../../adapters/playground/http-io.ts';
import { mentionsBot, parseBody, schemas, slugOf, userOf } from '../../adapters/playground/parse.ts';
import { clearReason, fuzz, guardProcess, RUNS } from './fuzz.ts';
import { payloadsFrom } from './hostile.ts';

guardProcess();

const author = { name: 'Ann Lee' };
const clientId = 'client-0001';
/** The page's requests as static/app.js sends them, one per kind. */
const BODIES: [keyof typeof schemas, unknown][] = [
  ['message', { user: author, channel: 'general', text: '@codecot add a mul function', clientId }],
  [
    'message',
    { user: { name: 'ci', bot: true }, channel: 'dev', text: 'build failed', threadId: 'm-1', clientId },
  ],
  ['reaction', { user: author, messageId: 'm-1', emoji: '✅', on: true, clientId }],
  ['edit', { user: author, messageId: 'm-1', text: 'new words', clientId }],
  ['deletion', { user: author, messageId: 'm-1', clientId }],
  ['command', { user: author, channel: 'general', text: '/codecot approvers add @bob', clientId }],
  ['channel', { user: author, name: 'new-room', clientId }],
];

const requests: fc.Arbitrary<[keyof typeof schemas, unknown]> = fc
  .constantFrom(...BODIES.map(([kind]) => kind))
  .chain((kind) =>
    payloadsFrom(BODIES.filter(([k]) => k === kind).map(([, body]) => body)).map(
      (body): [keyof typeof schemas, unknown] => [kind, body],
    ),
  );

/** The typed refusal the playground's routes turn into a 4xx with its message. */
function expectRefusal(error: unknown): void {
  expect(error).toBeInstanceOf(Refusal);
  expect((error as Refusal).status).toBeGreaterThanOrEqual(400);
  expect(clearReason((error as Refusal).message)).toBe(true);
}

describe('fuzzing the playground inbound parser', () => {
  test(`${RUNS.playground} page requests: each validated, or refused with a typed error and a reason`, () => {
    const ran = fuzz('playground', requests, ([kind, body]) => {
      let parsed: { user: { name: string; bot?: boolean | undefined }; text?: string };
      try {
        parsed = parseBody(schemas[kind], body) as typeof parsed;
      } catch (error) {
        return expectRefusal(error);
      }
      try {
        const user = userOf(parsed.user, 'codecot');
        expect(user.id).toMatch(/^local:[a-z0-9]{1,32}$/);
        expect(user.trust).toBe(parsed.user.bot ? 'untrusted' : 'trusted');
      } catch (error) {
        expectRefusal(error);
      }
      if (parsed.text !== undefined)
        expect(typeof mentionsBot(parsed.text, slugOf('Codecot'))).toBe('boolean');
    });
    expect(ran).toBe(RUNS.playground);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { joinArgs } from '../../adapters/discord/commands.ts';
import { commandParts } from '../../adapters/playground/parse.ts';
import { splitCommandText } from '../../adapters/slack/parse-command.ts';
import type { ChatUser } from '../../src/domain/chat.ts';
import type { ChatEvent } from '../../src/domain/chat-events.ts';
import { decodeEvent, encodeEvent } from '../../src/domain/event-codec.ts';
import { isCodecotError } from '../../src/errors.ts';
import { canonicalTimezone, scheduleProblem } from '../../src/jobs/digest-schedule.ts';
import { handleCommand, userIdFrom } from '../../src/pipeline/handle-command.ts';
import { generateStructured } from '../../src/pipeline/model-call.ts';
import { loadRepoChecks } from '../../src/pipeline/repo-checks.ts';
import { specBodySchema } from '../../src/pipeline/spec-schema.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { scriptedModel } from '../helpers/mock-model.ts';
import { CHANNEL, specBody } from '../helpers/pipeline.ts';
import { clearReason, fuzz, fuzzAsync, guardProcess, RUNS } from './fuzz.ts';
import { hostileString, hostileValue, jsonText, mutationOf, payloadsFrom } from './hostile.ts';

guardProcess();

const user = (name: string, trust: ChatUser['trust'] = 'trusted'): ChatUser => ({
  id: `slack:${name}`,
  name,
  trust,
  isBot: false,
});
const date = fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms));
const ref = fc.record({
  channel: fc.record({
    platform: fc.constantFrom('slack', 'discord', 'local'),
    workspaceId: hostileString,
    channelId: hostileString,
  }),
  messageId: hostileString,
});

/** Canonical events of every type, every string in them hostile. */
const events: fc.Arbitrary<ChatEvent> = fc.oneof(
  fc.record({
    eventId: hostileString,
    type: fc.constantFrom('message' as const, 'mention' as const),
    message: fc.record({
      ref,
      author: hostileString.map((n) => user(n)),
      text: hostileString,
      mentionsBot: fc.boolean(),
      at: date,
    }),
  }),
  fc.record({
    eventId: hostileString,
    type: fc.constant('message_edited' as const),
    ref,
    text: hostileString,
    at: date,
  }),
  fc.record({
    eventId: hostileString,
    type: fc.constant('reaction_added' as const),
    target: ref,
    user: hostileString.map((n) => user(n, 'untrusted')),
    emoji: hostileString,
    at: date,
  }),
  fc.record({
    eventId: hostileString,
    type: fc.constant('command' as const),
    channel: ref.map((r) => r.channel),
    user: hostileString.map((n) => user(n)),
    subcommand: hostileString,
    args: hostileString,
  }),
  fc.record({
    eventId: hostileString,
    type: fc.constant('bot_joined' as const),
    channel: ref.map((r) => r.channel),
  }),
);

describe('the canonical event codec', () => {
  test(`${RUNS.eventCodec} events survive the job queue's JSON round trip; hostile job payloads never throw`, () => {
    const ran = fuzz('eventCodec', fc.tuple(events, hostileValue), ([event, junk]) => {
      const wire = JSON.parse(JSON.stringify(encodeEvent(event))) as Record<string, unknown>;
      // Lone surrogates survive as well-formed JSON escapes; nothing is lost or turned into a date.
      expect(decodeEvent(wire)).toEqual(event);
      const hostile =
        junk !== null && typeof junk === 'object' && !Array.isArray(junk) ? junk : { value: junk };
      decodeEvent(JSON.parse(jsonText(hostile)) as Record<string, unknown>);
    });
    expect(ran).toBe(RUNS.eventCodec);
  });
});

describe('command text', () => {
  test(`${RUNS.commandText} hostile command lines: every platform's splitter and the argument readers hold`, () => {
    const ran = fuzz(
      'commandText',
      fc.tuple(hostileString, fc.array(hostileString, { maxLength: 4 })),
      ([text, words]) => {
        const slack = splitCommandText(text);
        expect(slack.subcommand).toBe(slack.subcommand.toLowerCase());
        const local = commandParts(text);
        expect(local.subcommand).toBe(local.subcommand.toLowerCase());
        const options = words.map((value, i) => ({ name: i ? 'rest' : 'name', type: 3, value }));
        expect(typeof joinArgs(slack.subcommand, options)).toBe('string');
        for (const token of text.split(/\s+/)) {
          const id = userIdFrom(token, 'slack');
          if (id) expect(id).toMatch(/^slack:[A-Za-z0-9]+$/);
        }
        const problem = scheduleProblem(text);
        if (problem) expect(clearReason(problem)).toBe(true);
        const zone = canonicalTimezone(text);
        if (zone) expect(typeof zone).toBe('string');
      },
    );
    expect(ran).toBe(RUNS.commandText);
  });

  describe('answered by the core against a real database', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(async () => db?.dispose());

    test(`${RUNS.commandHandling} hostile /codecot commands: each answered with a reply, settings only ever valid`, async () => {
      const subcommand = fc.constantFrom(
        'repo',
        'watch',
        'approvers',
        'digest',
        'forget',
        'memory',
        'spec',
        'status',
        'cancel',
        'settings',
        '__proto__',
        '',
      );
      const args = fc.oneof(
        hostileString,
        fc
          .tuple(
            fc.constantFrom('add', 'set', 'remove', 'quorum', 'self', 'schedule', 'on', 'off', 'now'),
            fc.array(hostileString, { maxLength: 6 }),
          )
          .map(([first, rest]) => [first, ...rest].join(' ')),
      );
      const ran = await fuzzAsync(
        'commandHandling',
        fc.tuple(subcommand, args, fc.boolean()),
        async ([sub, text, trusted]) => {
          const event = {
            eventId: 'slack:command:fuzz',
            type: 'command' as const,
            channel: CHANNEL,
            user: user('U0ADMIN', trusted ? 'trusted' : 'untrusted'),
            subcommand: sub,
            args: text,
          };
          const reply = await handleCommand(
            { db: db.store.db, defaults: { approvers: ['slack:U0ADMIN'], repo: undefined } },
            event,
          );
          expect(clearReason(reply)).toBe(true);
        },
      );
      expect(ran).toBe(RUNS.commandHandling);
      const channel = await db.store.db.selectFrom('channels').selectAll().executeTakeFirstOrThrow();
      if (channel.linked_repo) expect(channel.linked_repo).toMatch(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/);
      expect(channel.quorum).toBeGreaterThanOrEqual(1);
      expect(scheduleProblem(channel.digest_cron)).toBeUndefined();
    });
  });
});

describe('.codecot.yml and package.json of a repository', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'codecot-fuzz-repo-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const valid = {
    setup: ['npm ci'],
    validate: ['npm test', { name: 'lint', run: 'npm run lint' }],
    timeout_seconds: 600,
    setup_hosts: ['registry.npmjs.org'],
  };
  const bomb = [
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    ...'bcdefghij'
      .split('')
      .map(
        (k, i) =>
          `${k}: &${k} [*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]}]`,
      ),
    'validate: *j',
  ].join('\n');
  const files = fc.oneof(
    { weight: 4, arbitrary: payloadsFrom([valid]).map((value) => ({ yml: safeYaml(value) })) },
    { weight: 2, arbitrary: hostileString.map((yml) => ({ yml })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          bomb,
          '__proto__: {polluted: true}\nvalidate: [x]',
          'validate: !!js/function "x"',
          '- [',
          '? ? ?',
          'validate: &x [*x]',
        )
        .map((yml) => ({ yml })),
    },
    {
      weight: 2,
      arbitrary: mutationOf({ scripts: { test: 'node --test', lint: 'biome check' } }).map((value) => ({
        pkg: jsonText(value),
      })),
    },
  );

  test(`${RUNS.repoConfig} hostile repository files: checks read, or a bad_input error saying what is wrong`, async () => {
    const ran = await fuzzAsync('repoConfig', files, async (file) => {
      rmSync(join(dir, '.codecot.yml'), { force: true });
      rmSync(join(dir, 'package.json'), { force: true });
      if ('yml' in file) writeFileSync(join(dir, '.codecot.yml'), file.yml);
      else writeFileSync(join(dir, 'package.json'), file.pkg);
      try {
        const checks = await loadRepoChecks(dir);
        for (const check of [...checks.setup, ...checks.validate]) {
          expect(typeof check.name).toBe('string');
          expect(check.run.length).toBeGreaterThan(0);
        }
        expect(checks.timeoutSeconds).toBeGreaterThan(0);
      } catch (error) {
        expect(isCodecotError(error, 'bad_input'), String(error)).toBe(true);
        expect(clearReason((error as Error).message)).toBe(true);
      }
    });
    expect(ran).toBe(RUNS.repoConfig);
  });
});

function safeYaml(value: unknown): string {
  try {
    return toYaml(value);
  } catch {
    return jsonText(value);
  }
}

describe('structured model output', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.dispose());

  test(`${RUNS.modelOutputs} hostile model answers: a spec that fits the schema, or a model_error`, async () => {
    const answers = fc.oneof(
      payloadsFrom([specBody('Add retries to the uploader')]).map(jsonText),
      hostileString,
      fc.constantFrom(
        '```json\n{}\n```',
        '{"title":',
        'null',
        '[]',
        '{"__proto__":{"polluted":true},"title":"abc"}',
      ),
    );
    const ran = await fuzzAsync('modelOutputs', answers, async (answer) => {
      const model = scriptedModel(() => answer);
      const deps = {
        model: model.model,
        modelName: 'mock-model',
        db: db.store.db,
        logger: pino({ level: 'silent' }),
      };
      const request = {
        stage: 'draft-spec',
        subjectId: 'fuzz',
        channelId: null,
        schema: specBodySchema,
        prompt: 'Write a spec.',
      };
      try {
        expect(specBodySchema.safeParse(await generateStructured(deps, request)).success).toBe(true);
      } catch (error) {
        expect(isCodecotError(error, 'model_error'), String(error)).toBe(true);
      }
    });
    expect(ran).toBe(RUNS.modelOutputs);
  });
});

import { describe, expect, test } from 'vitest';
import { CODECOT_COMMAND, declaredOptions, joinArgs } from '../../../adapters/discord/commands.ts';
import { commandEvent, invokerOf, readInvocation } from '../../../adapters/discord/parse-command.ts';
import { sameCommand } from '../../../adapters/discord/register-commands.ts';
import { interactionSchema } from '../../../adapters/discord/schemas.ts';
import { interactionCreate, type OptionValue } from '../../fakes/discord/index.ts';
import { ADA, BOT, ctx, GENERAL, GUILD, inThread, THREAD, TRUSTED_ROLE } from './fixtures.ts';

const slash = (
  subcommand: string | undefined,
  options: Record<string, OptionValue> = {},
  commandName?: string,
) =>
  interactionSchema.parse(
    interactionCreate({
      applicationId: BOT,
      guildId: GUILD,
      channelId: GENERAL,
      user: ADA,
      roles: [TRUSTED_ROLE],
      ...(subcommand ? { subcommand } : {}),
      ...(commandName ? { commandName } : {}),
      options,
    }),
  );

describe('/codecot interactions', () => {
  test('option values are joined in declaration order, whatever order the user filled them in', () => {
    const facts = slash('digest', { timezone: 'Europe/Berlin', cron: '0 9 * * 1-5', action: 'schedule' });
    expect(readInvocation(facts)).toEqual({
      subcommand: 'digest',
      args: 'schedule 0 9 * * 1-5 Europe/Berlin',
    });
  });

  test('an option this version does not declare follows the declared ones instead of being lost', () => {
    expect(
      joinArgs('approvers', [
        { name: 'extra', value: 'x' },
        { name: 'action', value: 'add' },
      ]),
    ).toBe('add x');
    expect(joinArgs('status', [{ name: 'args', value: 'verbose' }])).toBe('verbose');
  });

  test('a subcommand without options has empty args; no subcommand means help', () => {
    expect(readInvocation(slash('status'))).toEqual({ subcommand: 'status', args: '' });
    expect(readInvocation(slash(undefined))).toEqual({ subcommand: 'help', args: '' });
  });

  test('other commands and other interaction types are skipped', () => {
    expect(readInvocation(slash('status', {}, 'other'))).toHaveProperty('skip');
    expect(readInvocation({ ...slash('status'), type: 3 })).toHaveProperty('skip');
  });

  test('the canonical event: interaction id, invoker trust, and the thread it was run in', () => {
    const facts = slash('spec', { request: 'add retries to the uploader' });
    const invocation = readInvocation(facts);
    if ('skip' in invocation) throw new Error('expected an invocation');
    const invoker = invokerOf(facts);
    if (!invoker) throw new Error('expected an invoker');
    expect(commandEvent(facts, invocation, inThread, invoker, ctx(TRUSTED_ROLE))).toEqual({
      type: 'command',
      eventId: `discord:INTERACTION_CREATE:${facts.id}`,
      channel: { platform: 'discord', workspaceId: GUILD, channelId: GENERAL },
      user: { id: `discord:${ADA.id}`, name: 'Ada Lovelace', trust: 'trusted', isBot: false },
      subcommand: 'spec',
      args: 'add retries to the uploader',
      threadId: THREAD,
    });
  });
});

describe('the /codecot definition', () => {
  test('has the same subcommands as Slack', () => {
    const names = (CODECOT_COMMAND.options ?? []).map((option) => option.name);
    expect(names).toEqual([
      'help',
      'status',
      'repo',
      'watch',
      'digest',
      'approvers',
      'settings',
      'spec',
      'cancel',
      'memory',
      'forget',
    ]);
    expect(declaredOptions('digest')).toEqual(['action', 'cron', 'timezone']);
    expect(declaredOptions('forget')).toEqual(['id']);
  });

  test('a registered copy with Discord defaults filled in is the same; a changed one is not', () => {
    const registered = JSON.parse(JSON.stringify(CODECOT_COMMAND));
    registered.id = '1300000000000000001';
    registered.version = '1300000000000000002';
    registered.options[0].options = undefined;
    expect(sameCommand(registered)).toBe(true);
    registered.options[2].options[0].description = 'an older description';
    expect(sameCommand(registered)).toBe(false);
    expect(sameCommand({ ...CODECOT_COMMAND, options: CODECOT_COMMAND.options?.slice(1) } as never)).toBe(
      false,
    );
  });
});

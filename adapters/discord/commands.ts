import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';

export const COMMAND_NAME = 'codecot';

type Choice = string;

function text(name: string, description: string, required: boolean, choices?: Choice[]) {
  const option: APIApplicationCommandBasicOption = {
    type: ApplicationCommandOptionType.String,
    name,
    description,
    required,
  };
  if (choices) Object.assign(option, { choices: choices.map((value) => ({ name: value, value })) });
  return option;
}

function sub(
  name: string,
  description: string,
  options: APIApplicationCommandBasicOption[] = [],
): APIApplicationCommandSubcommandOption {
  return { type: ApplicationCommandOptionType.Subcommand, name, description, options };
}

/** The same subcommands as Slack's `/codecot <subcommand> <args>`; Discord needs them declared. */
const SUBCOMMANDS: APIApplicationCommandSubcommandOption[] = [
  sub('help', 'List every Codecot command'),
  sub('status', 'What Codecot knows about this channel'),
  sub('repo', 'Link this channel to a repository', [text('name', 'owner/name', true)]),
  sub('watch', 'Listen here and propose specs without being asked', [
    text('mode', 'on or off', true, ['on', 'off']),
  ]),
  sub('digest', 'Post the digest now or schedule it', [
    text('action', 'now or schedule', true, ['now', 'schedule']),
    text('cron', 'Cron expression for the schedule, e.g. 0 9 * * 1-5', false),
    text('timezone', 'IANA time zone, e.g. Europe/Berlin', false),
  ]),
  sub('approvers', 'Who may approve specs here', [
    text('action', 'list, add, remove, set or quorum', false, ['list', 'add', 'remove', 'set', 'quorum']),
    text('users', 'Mentions (@ada @bob), or the quorum number', false),
  ]),
  sub('settings', 'Every setting of this channel'),
  sub('spec', 'Propose a spec for a request', [text('request', 'What should be built or fixed', true)]),
  sub('cancel', 'Cancel the running work in this thread'),
  sub('memory', 'What Codecot remembers about this channel'),
  sub('forget', 'Forget one remembered item', [text('id', 'The id shown by /codecot memory', true)]),
];

export const CODECOT_COMMAND: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  type: ApplicationCommandType.ChatInput,
  name: COMMAND_NAME,
  description: 'Codecot: from this discussion to an approved spec and a validated pull request',
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  options: SUBCOMMANDS,
};

/** Option names of a subcommand in declaration order, which is the order `args` joins their values. */
export function declaredOptions(subcommand: string): string[] {
  return (SUBCOMMANDS.find((s) => s.name === subcommand)?.options ?? []).map((option) => option.name);
}

interface ReceivedOption {
  name: string;
  value?: string | number | boolean | undefined;
}

/**
 * `args` as Slack's `/codecot <subcommand> <args>` would have it: option values in declaration order
 * (Discord sends them in the order the user filled them in). Options this version does not declare
 * (a command registered by another version) follow in the order received rather than being lost.
 */
export function joinArgs(subcommand: string, options: readonly ReceivedOption[]): string {
  const order = declaredOptions(subcommand);
  const rank = (name: string) => {
    const index = order.indexOf(name);
    return index === -1 ? order.length : index;
  };
  return [...options]
    .map((option, received) => ({ option, received }))
    .sort((a, b) => rank(a.option.name) - rank(b.option.name) || a.received - b.received)
    .map(({ option }) => (option.value === undefined ? '' : String(option.value).trim()))
    .filter((value) => value !== '')
    .join(' ');
}

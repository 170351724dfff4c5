import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';

/** What a bot sends to register a command (a subset of Discord's create-command body). */
export interface CommandBody {
  name?: string;
  description?: string;
  type?: ApplicationCommandType;
  options?: OptionBody[];
  default_member_permissions?: string | null;
  contexts?: number[] | null;
  integration_types?: number[];
  nsfw?: boolean;
}

export interface OptionBody {
  name?: string;
  description?: string;
  type?: ApplicationCommandOptionType;
  options?: OptionBody[];
}

type Problems = Record<string, unknown>;

// Discord's published rule for chat-input names: lowercase, 1-32 characters, letters/digits/-/_.
const CHAT_INPUT_NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function problem(code: string, message: string) {
  return { _errors: [{ code, message }] };
}

function nameAndDescription(item: CommandBody | OptionBody, chatInput: boolean): Problems {
  const problems: Problems = {};
  const name = item.name ?? '';
  const validName = chatInput ? CHAT_INPUT_NAME.test(name) && name === name.toLowerCase() : name.length > 0;
  if (!validName) problems.name = problem('APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  const description = item.description ?? '';
  if (chatInput && (description.length < 1 || description.length > 100)) {
    problems.description = problem('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  }
  return problems;
}

function optionProblems(options: OptionBody[] | undefined, depth: number): Problems {
  const problems: Problems = {};
  if ((options?.length ?? 0) > 25)
    problems._errors = [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }];
  (options ?? []).forEach((option, index) => {
    const own = nameAndDescription(option, true);
    const nests =
      option.type === ApplicationCommandOptionType.Subcommand ||
      option.type === ApplicationCommandOptionType.SubcommandGroup;
    if (nests && depth < 2) {
      const nested = optionProblems(option.options, depth + 1);
      if (Object.keys(nested).length > 0) own.options = nested;
    }
    if (Object.keys(own).length > 0) problems[index] = own;
  });
  return problems;
}

/** Discord's per-command checks for a bulk overwrite; returns the `errors` tree, or null when valid. */
export function commandProblems(commands: CommandBody[]): Problems | null {
  const problems: Problems = {};
  if (commands.length > 100)
    problems._errors = [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' }];
  commands.forEach((command, index) => {
    const chatInput = (command.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput;
    const own = nameAndDescription(command, chatInput);
    const options = optionProblems(command.options, 0);
    if (Object.keys(options).length > 0) own.options = options;
    if (Object.keys(own).length > 0) problems[index] = own;
  });
  return Object.keys(problems).length > 0 ? problems : null;
}

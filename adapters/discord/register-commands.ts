import { type APIApplicationCommand, type REST, Routes } from 'discord.js';
import { CODECOT_COMMAND, COMMAND_NAME } from './commands.ts';

interface OptionLike {
  type: number;
  name: string;
  description: string;
  required?: boolean | undefined;
  choices?: ReadonlyArray<{ name: string; value: string | number }> | undefined;
  options?: readonly OptionLike[] | undefined;
}

/** The parts of a command a user sees; Discord adds defaults and ids that must not count as changes. */
function shape(options: readonly OptionLike[] | undefined): unknown[] {
  return (options ?? []).map((option) => ({
    type: option.type,
    name: option.name,
    description: option.description,
    required: option.required ?? false,
    choices: (option.choices ?? []).map(({ name, value }) => ({ name, value })),
    options: shape(option.options),
  }));
}

export function sameCommand(
  registered: Pick<APIApplicationCommand, 'name' | 'description'> & { options?: readonly OptionLike[] },
): boolean {
  const wanted = CODECOT_COMMAND as { options?: readonly OptionLike[] };
  return (
    registered.name === CODECOT_COMMAND.name &&
    registered.description === CODECOT_COMMAND.description &&
    JSON.stringify(shape(registered.options)) === JSON.stringify(shape(wanted.options))
  );
}

export type Registration = 'unchanged' | 'created' | 'updated';

/**
 * Registers `/codecot` in one guild (guild commands appear at once; global ones take up to an hour).
 * Idempotent: it reads what is registered and writes only when the definition differs, with the
 * single-command upsert, so other commands of the application are left alone.
 */
export async function ensureGuildCommand(
  rest: REST,
  applicationId: string,
  guildId: string,
): Promise<Registration> {
  const route = Routes.applicationGuildCommands(applicationId, guildId);
  const registered = (await rest.get(route)) as APIApplicationCommand[];
  const current = registered.find((command) => command.name === COMMAND_NAME && command.type === 1);
  if (current && sameCommand(current)) return 'unchanged';
  await rest.post(route, { body: CODECOT_COMMAND });
  return current ? 'updated' : 'created';
}

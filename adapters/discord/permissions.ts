import { PermissionFlagsBits as P } from 'discord.js';

/** Every permission Codecot uses, and nothing more (the README's "Install in Discord" shows the same sum). */
export const REQUIRED_PERMISSIONS = {
  ViewChannel: P.ViewChannel,
  SendMessages: P.SendMessages,
  SendMessagesInThreads: P.SendMessagesInThreads,
  CreatePublicThreads: P.CreatePublicThreads,
  EmbedLinks: P.EmbedLinks,
  AddReactions: P.AddReactions,
  ReadMessageHistory: P.ReadMessageHistory,
  UseApplicationCommands: P.UseApplicationCommands,
} as const;

export const PERMISSION_INTEGER: bigint = Object.values(REQUIRED_PERMISSIONS).reduce(
  (sum, bit) => sum | bit,
  0n,
);

/** The URL that adds the bot to a server with exactly those permissions and the slash command. */
export function inviteUrl(applicationId: string): string {
  const query = new URLSearchParams({
    client_id: applicationId,
    scope: 'bot applications.commands',
    permissions: PERMISSION_INTEGER.toString(),
  });
  return `https://discord.com/oauth2/authorize?${query}`;
}

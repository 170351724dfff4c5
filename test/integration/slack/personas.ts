import type { Persona } from '../../contract/chat-platform-harness.ts';
import { FAKE_TEAM_ID, type FakeSlackUser } from '../../fakes/slack/index.ts';

export const CHANNEL = 'C0CODECOT';
export const OTHER_TEAM = 'T0OTHERORG';

interface PersonaUser {
  user: FakeSlackUser;
  /** Set for bots: their messages carry a bot_id like real app messages. */
  botId?: string;
  /** The `team` field on their messages. */
  team: string;
}

/** One Slack user per persona the contract suite asks for, seeded into the fake workspace. */
export const PERSONAS: Record<Persona, PersonaUser> = {
  member: { user: { id: 'U0MEMBER', name: 'alice', real_name: 'Alice Member' }, team: FAKE_TEAM_ID },
  bot: {
    user: { id: 'U0OTHERBOT', name: 'ci-bot', is_bot: true },
    botId: 'B0OTHERBOT',
    team: FAKE_TEAM_ID,
  },
  guest: { user: { id: 'U0GUEST', name: 'gus', is_restricted: true }, team: FAKE_TEAM_ID },
  external: { user: { id: 'U0EXTERNAL', name: 'erin', team_id: OTHER_TEAM }, team: OTHER_TEAM },
};

export const personaUsers = (): FakeSlackUser[] => Object.values(PERSONAS).map((p) => p.user);

/** What a reader sees of a stored message: its blocks when it has any, otherwise its text. */
export function visibleText(message: { text?: string; blocks?: unknown[] }): string {
  if (!message.blocks?.length) return message.text ?? '';
  return message.blocks.flatMap(blockTexts).join('\n');
}

function blockTexts(block: unknown): string[] {
  const b = block as {
    text?: { text?: string };
    fields?: { text?: string }[];
    elements?: { text?: string }[];
  };
  return [
    b.text?.text,
    ...(b.fields ?? []).map((f) => f.text),
    ...(b.elements ?? []).map((e) => e.text),
  ].filter((t): t is string => typeof t === 'string');
}

import {
  FAKE_APP_ID,
  FAKE_APP_TOKEN,
  FAKE_BOT_ID,
  FAKE_BOT_NAME,
  FAKE_BOT_TOKEN,
  FAKE_BOT_USER_ID,
  FAKE_TEAM_DOMAIN,
  FAKE_TEAM_ID,
  FAKE_TEAM_NAME,
} from './constants.ts';
import type { FakeSlackOptions, WorkspaceIdentity } from './types.ts';

/** Fill in the workspace identity from the defaults that the fixture builders also use. */
export function resolveIdentity(options: FakeSlackOptions): WorkspaceIdentity {
  return {
    teamId: options.teamId ?? FAKE_TEAM_ID,
    teamName: options.teamName ?? FAKE_TEAM_NAME,
    teamDomain: options.teamDomain ?? FAKE_TEAM_DOMAIN,
    appId: options.appId ?? FAKE_APP_ID,
    botUserId: options.botUserId ?? FAKE_BOT_USER_ID,
    botId: options.botId ?? FAKE_BOT_ID,
    botName: options.botName ?? FAKE_BOT_NAME,
    botToken: options.botToken ?? FAKE_BOT_TOKEN,
    appToken: options.appToken ?? FAKE_APP_TOKEN,
  };
}

// Default identities of the fake workspace. Fixture builders and the fake server share them, so an
// event built with defaults refers to the same team, app and bot user that `auth.test` reports.
export const FAKE_TEAM_ID = 'T0FAKETEAM';
export const FAKE_TEAM_NAME = 'Fake Workspace';
export const FAKE_TEAM_DOMAIN = 'fake-workspace';
export const FAKE_APP_ID = 'A0FAKEAPP';
export const FAKE_BOT_USER_ID = 'U0FAKEBOT';
export const FAKE_BOT_ID = 'B0FAKEBOT';
export const FAKE_BOT_NAME = 'codecot';

export const FAKE_BOT_TOKEN = 'xoxb-fake-bot-token';
export const FAKE_APP_TOKEN = 'xapp-1-fake-app-token';
export const FAKE_SIGNING_SECRET = 'fake-signing-secret';
// The deprecated verification token Slack still puts in every payload body.
export const FAKE_VERIFICATION_TOKEN = 'fakeVerificationToken';

export const SOCKET_MODE_PATH = '/socket-mode';

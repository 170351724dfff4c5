// Fake Slack for integration tests: a local Web API + Socket Mode server that real Slack clients
// talk to, plus helpers that deliver signed Events API / interactivity requests to our endpoint.
export * from './constants.ts';
export { FakeSlack, startFakeSlack } from './fake-slack.ts';
export type { MemberJoinedInput, ReactionInput } from './fixtures/channel-events.ts';
export {
  memberJoinedChannelEvent,
  reactionAddedEvent,
  reactionRemovedEvent,
} from './fixtures/channel-events.ts';
export type { EventCallbackOptions } from './fixtures/envelopes.ts';
export { eventCallback, urlVerification } from './fixtures/envelopes.ts';
export type { ButtonClickInput, SlashCommandInput } from './fixtures/interactions.ts';
export { buttonClick, slashCommand } from './fixtures/interactions.ts';
export type { MessageChangedInput, MessageDeletedInput, MessageInput } from './fixtures/message-events.ts';
export {
  appMentionEvent,
  messageChangedEvent,
  messageDeletedEvent,
  messageEvent,
} from './fixtures/message-events.ts';
export { richTextBlocks } from './fixtures/rich-text.ts';
export { compareTs, nextMessageTs } from './ids.ts';
export type { AppResponse, SendToAppOptions } from './inbound.ts';
export { postSignedToApp, sendInteraction, sendSlackEvent, sendSlashCommand } from './inbound.ts';
export type { SignSlackRequestInput, SlackSignatureHeaders } from './signing.ts';
export { signSlackRequest } from './signing.ts';
export type * from './types.ts';

import { emojiFor } from '../../../src/domain/emoji.ts';
import {
  appMentionEvent,
  eventCallback,
  FAKE_BOT_USER_ID,
  FAKE_SIGNING_SECRET,
  type FakeSlack,
  messageEvent,
  reactionAddedEvent,
  sendSlackEvent,
  sendSlashCommand,
  slashCommand,
} from '../../fakes/slack/index.ts';
import { waitFor } from '../../helpers/wait.ts';
import { visibleText } from '../../integration/slack/personas.ts';
import { APPROVER, CHANNEL, REQUESTER } from './world.ts';

/** A message the bot posted in a thread, with every edit it sent since. */
export interface ThreadPost {
  ts: string;
  /** What it said first, then each edit. */
  trail: string[];
}

/**
 * People in the fake Slack acting on spawned bots: each delivery goes to the endpoint `target()` names
 * at that moment and is retried the way Slack retries (same event id, X-Slack-Retry-Num) while no
 * bot answers, so an event sent while the bot is down lands once it is back.
 */
export class SlackPeople {
  readonly #slack: FakeSlack;
  readonly #target: () => string;

  constructor(slack: FakeSlack, target: () => string) {
    this.#slack = slack;
    this.#target = target;
  }

  async deliver(payload: unknown, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let retry = 0; ; retry++) {
      const signed = { signingSecret: FAKE_SIGNING_SECRET };
      const options = retry ? { ...signed, retryNum: retry, retryReason: 'http_error' } : signed;
      const status = await sendSlackEvent(`${this.#target()}/slack/events`, payload, options).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return;
      if (Date.now() > deadline) throw new Error(`no bot took a Slack event (last status ${status})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** The requester mentions the bot (Slack sends the message, then app_mention); resolves with its ts. */
  async mention(text: string): Promise<string> {
    const full = `<@${FAKE_BOT_USER_ID}> ${text}`;
    const seeded = this.#slack.seedMessage(CHANNEL, { user: REQUESTER.id, text: full });
    const input = { channel: CHANNEL, user: REQUESTER.id, text: full, ts: seeded.ts };
    await this.deliver(eventCallback(messageEvent(input)));
    await this.deliver(eventCallback(appMentionEvent(input)));
    return seeded.ts;
  }

  /** The approver reacts ✅ on a bot post. */
  async approve(ts: string): Promise<void> {
    const reaction = emojiFor('approve', 'slack');
    const event = reactionAddedEvent({
      user: APPROVER.id,
      reaction,
      channel: CHANNEL,
      ts,
      itemUser: FAKE_BOT_USER_ID,
    });
    await this.deliver(eventCallback(event));
  }

  /** `/codecot <text>` by the approver; resolves with what the approver is shown. */
  async command(text: string): Promise<string> {
    const fields = slashCommand({ command: '/codecot', text, userId: APPROVER.id, channelId: CHANNEL });
    const response = await sendSlashCommand(`${this.#target()}/slack/events`, fields, {
      signingSecret: FAKE_SIGNING_SECRET,
    });
    if (response.status !== 200) throw new Error(`the bot answered ${response.status} to a slash command`);
    const body = response.body as { text?: string } | string;
    return typeof body === 'string' ? body : (body.text ?? '');
  }

  /** Every bot post in the thread of `threadTs`, oldest first, each with its edits. */
  thread(threadTs: string): ThreadPost[] {
    const edits = this.#slack.callsTo('chat.update').filter((call) => call.response.ok === true);
    return this.#slack
      .callsTo('chat.postMessage')
      .filter((call) => call.response.ok === true && call.args.thread_ts === threadTs)
      .map((call) => {
        const ts = String(call.response.ts);
        const later = edits.filter((edit) => edit.args.ts === ts);
        return {
          ts,
          trail: [call.args, ...later.map((edit) => edit.args)].map((args) => visibleText(args as never)),
        };
      });
  }

  /** Bot posts in the channel itself (not in a thread) matching `pattern`. */
  channelPosts(pattern: RegExp): string[] {
    return this.#slack
      .callsTo('chat.postMessage')
      .filter((call) => call.response.ok === true && call.args.channel === CHANNEL && !call.args.thread_ts)
      .map((call) => visibleText(call.args as never))
      .filter((text) => pattern.test(text));
  }

  /** Waits for the first post in the thread whose first text matches; resolves with it. */
  async posted(threadTs: string, pattern: RegExp, timeoutMs = 60_000): Promise<ThreadPost> {
    const find = () => this.thread(threadTs).find((post) => pattern.test(post.trail[0] ?? ''));
    await waitFor(() => find() !== undefined, timeoutMs, 100);
    return find() as ThreadPost;
  }
}

import { emojiName } from './refs.ts';
import type { ReactionFacts } from './schemas.ts';

/** How many (message, user, emoji) reactions are remembered; the oldest are forgotten first. */
const REMEMBERED = 10_000;

/**
 * Which delivery a reaction dispatch is. Discord can send the same MESSAGE_REACTION_ADD again with a new
 * sequence number (a duplicated dispatch, a replay after RESUME), which would make it a new delivery id
 * and a second vote, a second "superseded" note or a second cancel. A user adds an emoji again only after
 * removing it, so an add that follows an add of the same user, message and emoji (or a remove that
 * follows a remove) is the same change: it keeps the first one's delivery, and the core drops it as a
 * redelivery. A real remove and re-add still gets a delivery of its own.
 */
export class ReactionDeliveries {
  readonly #last = new Map<string, { added: boolean; delivery: string }>();

  /** The delivery this dispatch counts as: its own, or the one of the change it repeats. */
  of(added: boolean, facts: ReactionFacts, delivery: string): string {
    const key = `${facts.message_id}:${facts.user_id}:${emojiName(facts.emoji)}`;
    const last = this.#last.get(key);
    if (last?.added === added) return last.delivery;
    this.#last.delete(key);
    this.#last.set(key, { added, delivery });
    const oldest = this.#last.keys().next();
    if (this.#last.size > REMEMBERED && !oldest.done) this.#last.delete(oldest.value);
    return delivery;
  }
}

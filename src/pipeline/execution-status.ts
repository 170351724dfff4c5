import { type MessageRef, messageKey, refFromKeys } from '../domain/chat.ts';
import type { Logger } from '../logger.ts';
import { setExecutionFields } from '../store/repositories/executions.ts';
import type { StageDeps } from './context.ts';
import type { ExecutionContext } from './execution-context.ts';
import { ExecutionLog } from './execution-log.ts';

const MIN_GAP_MS = 1_500;

/**
 * The one status message of an execution, edited in place as it moves. Intermediate updates are
 * throttled (a chatty agent must not hit the platform's rate limits); the final one always lands.
 */
export class StatusMessage {
  private ref: MessageRef | undefined;
  private last = 0;
  private pending: string | undefined;
  private readonly deps: StageDeps;
  private readonly ctx: ExecutionContext;
  private readonly logger: Logger;
  /** The run's live log (the dashboard's execution page): every stage that shows a line can log one. */
  readonly log: ExecutionLog;

  constructor(deps: StageDeps, ctx: ExecutionContext) {
    this.log = new ExecutionLog(deps, ctx.row.id);
    this.deps = deps;
    this.ctx = ctx;
    this.logger = deps.logger;
    this.ref = ctx.row.status_message_id
      ? refFromKeys(ctx.row.status_message_id, ctx.spec.threadId)
      : undefined;
  }

  /** Shows a new state; `force` bypasses the throttle (state changes and the end). */
  async show(line: string, force = false): Promise<void> {
    const now = Date.now();
    if (!force && now - this.last < MIN_GAP_MS) {
      this.pending = line;
      return;
    }
    this.pending = undefined;
    this.last = now;
    const by = this.ctx.approvedBy;
    const approved = by ? ` (approved by <@${by.slice(by.indexOf(':') + 1)}>)` : '';
    const text = `Spec v${this.ctx.version.number}: ${this.ctx.version.body.title}${approved}\n${line}`;
    try {
      if (this.ref) {
        await this.ctx.chat.update(this.ref, { text });
      } else {
        this.ref = await this.ctx.chat.post(this.ctx.channel.ref, { text }, this.ctx.replyTo);
        await setExecutionFields(this.deps.db, this.ctx.row.id, { statusMessageId: messageKey(this.ref) });
      }
    } catch (error) {
      // A failed status edit must not fail the execution; the result message is posted separately.
      this.logger.warn({ err: error }, 'status message update failed');
    }
  }

  async flush(): Promise<void> {
    if (this.pending) await this.show(this.pending, true);
  }
}

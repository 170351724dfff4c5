import type { StageDeps } from './context.ts';
import type { ExecutionContext } from './execution-context.ts';

/**
 * Whether the run this one restarts already posted its result (naming `pullRequestUrl`) in the thread
 * before its process died. Only a restart asks: the interrupted run may have died between posting the
 * result and recording its next state, and a thread must never get the same result twice. A restart of
 * a restart looks back to the run the chain of restarts began with: any run of the chain may have posted.
 */
export async function resultAlreadyPosted(
  deps: StageDeps,
  ctx: ExecutionContext,
  pullRequestUrl: string,
): Promise<boolean> {
  if (ctx.row.trigger !== 'restart' || !ctx.replyTo) return false;
  const chainStart = await deps.db
    .selectFrom('executions')
    .select('created_at')
    .where('spec_version_id', '=', ctx.version.id)
    .where('iteration', '<', ctx.row.iteration)
    .where((eb) => eb.or([eb('trigger', 'is', null), eb('trigger', '<>', 'restart')]))
    .orderBy('iteration', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!chainStart) return false;
  const history = await ctx.chat.threadHistory(ctx.replyTo, 100).catch((err: unknown) => {
    deps.logger.warn({ err, executionId: ctx.row.id }, 'could not read the thread to check for a result');
    return [];
  });
  // Slack timestamps have microseconds, the database milliseconds: a second of slack on the start.
  const since = chainStart.created_at.getTime() - 1_000;
  const posted = history.some(
    (message) =>
      message.author.isBot && message.at.getTime() >= since && message.text.includes(pullRequestUrl),
  );
  if (posted)
    deps.logger.info(
      { executionId: ctx.row.id },
      'an interrupted run had posted its result: not posting it again',
    );
  return posted;
}

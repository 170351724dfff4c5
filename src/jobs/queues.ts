/** Every job queue Codecot uses; declared at start so jobs can be enqueued inside transactions. */
export const QUEUES = {
  /** One job per inbound chat event that needs more than storing: mentions, reactions, joins. */
  chatEvent: 'chat-event',
  /** Drafts the first spec version of an intent (key: intent id). */
  draftSpec: 'draft-spec',

  /** Reads a quiet burst of a watched channel (key: channel and time bucket). */
  listen: 'listen',
  /** Runs an approved spec version (key: spec version id and iteration). */
  execute: 'execute',
  /** One job per accepted code host webhook delivery (key: its delivery id). */
  codeHostEvent: 'code-host-event',
  /** Polls a pull request head's CI until it finishes (key: `<repo>#<number>@<sha>`, then `/poll-<n>`). */
  watchCi: 'watch-ci',
  /** Posts a channel's digest for one period (key: channel id and period). */
  digest: 'digest',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * Executions run long (agent and validation): they may take hours, but a crashed worker is noticed
 * within a minute through missed heartbeats, and they are retried only twice. Every other job has a
 * heartbeat too: pg-boss frees a dead process's running job only when its heartbeat or its expiry
 * (15 minutes) runs out, so without one an event a crashed process was handling waited 15 minutes.
 */
export const ALL_QUEUES = Object.values(QUEUES).map((name) =>
  name === QUEUES.execute
    ? { name, settings: { expireInSeconds: 4 * 3_600, heartbeatSeconds: 30, retryLimit: 2 } }
    : { name, settings: { heartbeatSeconds: 15 } },
);

/** Every job queue Codecot uses; declared at start so jobs can be enqueued inside transactions. */
export const QUEUES = {
  /** One job per inbound chat event that needs more than storing: mentions, reactions, joins. */
  chatEvent: 'chat-event',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const ALL_QUEUES: readonly QueueName[] = Object.values(QUEUES);

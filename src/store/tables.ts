import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable, Updateable } from 'kysely';

/** Timestamps read as Date, written as Date or ISO text, defaulted by the database. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface ChannelTable {
  id: string;
  platform: string;
  workspace_id: string;
  channel_id: string;
  name: string | null;
  linked_repo: string | null;
  passive_listening: Generated<boolean>;
  approvers: JSONColumnType<string[] | null, string | null, string | null>;
  quorum: Generated<number>;
  allow_self_approval: Generated<boolean>;
  digest_cron: Generated<string>;
  timezone: Generated<string>;
  monthly_token_budget: number | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface MessageTable {
  id: string;
  channel_id: string;
  thread_id: string;
  platform_message_id: string;
  author_id: string;
  author_name: string;
  trust: string;
  untrusted_reason: string | null;
  is_bot: Generated<boolean>;
  mentions_bot: Generated<boolean>;
  text: string;
  sent_at: Timestamp;
  edited_at: NullableTimestamp;
  deleted_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface IntentTable {
  id: string;
  channel_id: string;
  thread_id: string | null;
  trigger: string;
  trigger_key: string;
  state: string;
  title: string;
  summary: string;
  confidence: number;
  evidence: JSONColumnType<string[], string, string>;
  trigger_ref: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
  requested_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SpecTable {
  id: string;
  intent_id: string;
  channel_id: string;
  thread_id: string;
  repo: string | null;
  current_version: Generated<number>;
  /** Canonical id of the message the spec was asked for on; its thread holds the spec. */
  trigger_message_id: string | null;
  requested_by: string | null;
  created_at: CreatedAt;
}

export interface ListenWindowTable {
  channel_id: string;
  /** Rolling summary of everything already read, so the model never re-reads old messages. */
  summary: Generated<string>;
  summarized_until: Date | null;
  last_message_at: Date | null;
  updated_at: Date;
}

export interface SpecVersionTable {
  id: string;
  spec_id: string;
  version: number;
  state: string;
  body: JSONColumnType<Record<string, unknown>, string, string>;
  message_id: string | null;
  source_event_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ReactionTable {
  id: string;
  event_id: string;
  message_id: string;
  spec_version_id: string | null;
  user_id: string;
  emoji: string;
  action: string;
  counted: boolean;
  ignored_reason: string | null;
  created_at: CreatedAt;
}

export interface ExecutionTable {
  id: string;
  spec_version_id: string;
  iteration: Generated<number>;
  state: string;
  attempt: Generated<number>;
  branch: string | null;
  base_sha: string | null;
  head_sha: string | null;
  workspace: string | null;
  agent: string | null;
  model: string | null;
  input_tokens: Generated<number>;
  output_tokens: Generated<number>;
  status_message_id: string | null;
  error: string | null;
  cancel_requested_at: NullableTimestamp;
  cancel_requested_by: string | null;
  /** The agent's own summary of what it did. */
  summary: string | null;
  scope_report: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
  diff_stat: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
  /** passed | failed | none (no checks configured) — what the thread was told, never more. */
  validation_outcome: string | null;
  /** Why this iteration ran: approval | ci-fix | reply | retry | restart (null: approval, before iterations). */
  trigger: string | null;
  /** What the agent was told to fix or add in this iteration (failing CI output, a reply). */
  feedback: string | null;
  triggered_by: string | null;
  /** The inbound event that started this iteration; unique, so a retried job never starts two. */
  trigger_event_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ValidationRunTable {
  id: string;
  execution_id: string;
  attempt: number;
  phase: string;
  check_name: string;
  command: string;
  status: string;
  duration_ms: number;
  passed_count: number | null;
  failed_count: number | null;
  failing_names: JSONColumnType<string[], string, string>;
  log_tail: string;
  created_at: CreatedAt;
}

/** One line of an execution's live log; `seq` numbers the lines of one execution from 1. */
export interface ExecutionLogTable {
  execution_id: string;
  seq: number;
  at: CreatedAt;
  /** state | agent | agent-summary | check-start | check-end | push | pull-request | ci | cancel | error */
  kind: string;
  /** The agent attempt the line belongs to (0: the baseline), null outside the attempts. */
  attempt: number | null;
  /** Redacted and clipped before it is stored. */
  text: string;
}

export interface PullRequestTable {
  id: string;
  spec_version_id: string;
  repo: string;
  number: number;
  url: string;
  branch: string;
  state: string;
  draft: boolean;
  head_sha: string;
  /** Who merged or closed it (a code host login), once it is. */
  closed_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CiCheckTable {
  id: string;
  pull_request_id: string;
  head_sha: string;
  name: string;
  conclusion: string;
  url: string | null;
  fails_on_base: boolean | null;
  /** The check's own output (title, summary), clipped: the feedback of a CI fix iteration. */
  details: string | null;
  updated_at: Timestamp;
}

/** The one CI message of a pull request head (claimed before it is posted). */
export interface CiReportTable {
  id: string;
  execution_id: string;
  pull_request_id: string;
  head_sha: string;
  /** passed | failed | timed-out | no-checks */
  outcome: string;
  message_id: string | null;
  /** While set and in the future, a process is posting the report: nobody else posts it. */
  delivering_until: Date | null;
  created_at: CreatedAt;
}

export interface DigestTable {
  id: string;
  channel_id: string;
  period_key: string;
  content: JSONColumnType<Record<string, unknown>, string, string>;
  message_id: string | null;
  posted_at: NullableTimestamp;
  created_at: CreatedAt;
  /** The digest job that claimed this channel and period (its retries may finish the post). */
  claimed_by: string | null;
}

export interface MemoryItemTable {
  id: string;
  scope: string;
  scope_id: string;
  kind: string;
  text: string;
  source: string | null;
  created_at: CreatedAt;
}

export interface EventLogTable {
  id: Generated<string>;
  entity: string;
  entity_id: string;
  from_state: string | null;
  to_state: string;
  cause: JSONColumnType<Record<string, unknown>, string, never>;
  at: CreatedAt;
}

export interface InboundEventTable {
  id: string;
  kind: string;
  received_at: CreatedAt;
}

export interface InboxTable {
  id: string;
  seq: Generated<number>;
  payload: string;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Generated<Date>;
  received_at: CreatedAt;
}

export interface ModelCallTable {
  id: string;
  stage: string;
  subject_id: string;
  channel_id: string | null;
  model: string;
  input_tokens: number;
  output_tokens: number;
  latency_ms: number;
  ok: boolean;
  created_at: CreatedAt;
}

export interface Database {
  channels: ChannelTable;
  messages: MessageTable;
  intents: IntentTable;
  specs: SpecTable;
  spec_versions: SpecVersionTable;
  reactions: ReactionTable;
  executions: ExecutionTable;
  validation_runs: ValidationRunTable;
  execution_log: ExecutionLogTable;
  pull_requests: PullRequestTable;
  ci_checks: CiCheckTable;
  ci_reports: CiReportTable;
  digests: DigestTable;
  memory_items: MemoryItemTable;
  event_log: EventLogTable;
  inbound_events: InboundEventTable;
  inbox: InboxTable;
  model_calls: ModelCallTable;
  listen_windows: ListenWindowTable;
}

export type ChannelRow = Selectable<ChannelTable>;
export type NewChannel = Insertable<ChannelTable>;
export type ChannelUpdate = Updateable<ChannelTable>;
export type MessageRow = Selectable<MessageTable>;
export type NewMessage = Insertable<MessageTable>;
export type IntentRow = Selectable<IntentTable>;
export type NewIntent = Insertable<IntentTable>;
export type SpecRow = Selectable<SpecTable>;
export type ListenWindowRow = Selectable<ListenWindowTable>;
export type SpecVersionRow = Selectable<SpecVersionTable>;
export type ReactionRow = Selectable<ReactionTable>;
export type NewReaction = Insertable<ReactionTable>;
export type ExecutionRow = Selectable<ExecutionTable>;
export type ValidationRunRow = Selectable<ValidationRunTable>;
export type ExecutionLogRow = Selectable<ExecutionLogTable>;
export type EventLogRow = Selectable<EventLogTable>;

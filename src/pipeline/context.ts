import type { Kysely } from 'kysely';
import type { PlatformName } from '../domain/chat.ts';
import { CodecotError } from '../errors.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Logger } from '../logger.ts';
import type { ChatPlatform } from '../ports/chat-platform.ts';
import type { CodeHost } from '../ports/code-host.ts';
import type { CodingAgent } from '../ports/coding-agent.ts';
import type { Sandbox } from '../ports/sandbox.ts';
import type { WorkspaceManager } from '../ports/workspaces.ts';
import type { Database } from '../store/tables.ts';
import type { ModelDeps } from './model-call.ts';

/** What runs a spec once approved; shown in every spec before anything runs. */
export interface Routing {
  agent: string;
  sandbox: string;
  /** False for the `local` sandbox: every spec then says that nothing is isolated. */
  isolated: boolean;
  /** Whether an executor works the execute queue; approvals say plainly when it does not. */
  canExecute: boolean;
}

/** What runs approved specs; absent until an executor is configured. */
export interface ExecutionDeps {
  sandbox: Sandbox;
  agent: CodingAgent;
  workspaces: WorkspaceManager;
  codeHost: CodeHost;
  /** Agent attempts per execution: the first, plus fixes after new validation failures. */
  maxAttempts: number;
  /** The complete environment of validation commands inside the sandbox. */
  sandboxEnv: Record<string, string>;
}

/** Everything the pipeline stages share; built once in pipeline/index.ts. */
export interface StageDeps {
  db: Kysely<Database>;
  queue: JobQueue;
  logger: Logger;
  chats: ReadonlyMap<PlatformName, ChatPlatform>;
  /** Undefined when no model is configured: stages then say so in the thread instead of guessing. */
  model: ModelDeps | undefined;
  codeHost: CodeHost | undefined;
  routing: Routing;
  execution: ExecutionDeps | undefined;
  defaults: { approvers: readonly string[]; repo: string | undefined };
  /** Passive listening: propose only intents at least this confident. */
  passiveThreshold: number;
  /** Passive listening: skip the model for bursts with no sign of a change request. */
  passivePrefilter: boolean;

  /** Seconds of quiet that close a burst of channel messages. */
  quietSeconds: number;
  /** A burst this long is read without waiting for quiet. */
  burstLimit: number;
  /** Memory items kept per repository or channel (CODECOT_MEMORY_LIMIT); the oldest are pruned. */
  memoryLimit?: number | undefined;
  /** Following CI and iterating on it; CI_DEFAULTS when absent. */
  ci?: CiSettings | undefined;
}

/** How long CI is waited for, and how many CI fix iterations a spec version may have (see config.ts). */
export interface CiSettings {
  pollSeconds: number;
  graceSeconds: number;
  timeoutMinutes: number;
  maxIterations: number;
}

export const CI_DEFAULTS: CiSettings = {
  pollSeconds: 30,
  graceSeconds: 180,
  timeoutMinutes: 120,
  maxIterations: 3,
};

export function chatFor(deps: StageDeps, platform: PlatformName): ChatPlatform {
  const chat = deps.chats.get(platform);
  if (!chat) throw new CodecotError('platform_error', `no ${platform} adapter is running`, { platform });
  return chat;
}

export const NO_MODEL_NOTE =
  'No model is configured, so I cannot draft specs yet. Set OPENAI_API_KEY (OpenAI), or OPENAI_BASE_URL for an OpenAI-compatible server such as Ollama, and restart Codecot.';

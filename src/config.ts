import { z } from 'zod';
import { type GitHubAppConfig, gitHubAppOf, privateKeyForms } from './config-github-app.ts';
import { CodecotError } from './errors.ts';

export type { GitHubAppConfig } from './config-github-app.ts';

/** The only reader of process.env: every setting is validated here once, then frozen. */
const emptyToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
const optionalUrl = z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional());
const port = z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65_535).default(3000));
const positiveInt = (fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(fallback));
const repoName = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'expected owner/name')
    .optional(),
);
const approverList = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  z.array(z.string().regex(/^(slack|discord|local):[A-Za-z0-9_.-]+$/, 'expected platform:userId')),
);

const listOf = (item: RegExp, message: string) =>
  z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    z.array(z.string().regex(item, message)),
  );

const envSchema = z.object({
  PORT: port,
  CODECOT_HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  DATABASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  CODECOT_DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./.codecot')),
  SLACK_BOT_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().startsWith('xoxb-', 'expected an xoxb- token').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().startsWith('xapp-', 'expected an xapp- token').optional(),
  ),
  SLACK_API_URL: optionalUrl,
  DISCORD_TOKEN: optionalString,
  DISCORD_API_URL: optionalUrl,
  DISCORD_TRUSTED_ROLE_ID: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d{15,21}$/, 'expected a role id')
      .optional(),
  ),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  CODECOT_MODEL: z.preprocess(emptyToUndefined, z.string().default('gpt-5-mini')),
  CODECOT_MODEL_API: z.preprocess(emptyToUndefined, z.enum(['responses', 'chat']).default('responses')),
  GITHUB_TOKEN: optionalString,
  GITHUB_API_URL: optionalUrl,
  GITHUB_WEBHOOK_SECRET: optionalString,
  GITHUB_APP_ID: z.preprocess(
    emptyToUndefined,
    z.string().trim().regex(/^\d+$/, 'expected the numeric App ID').optional(),
  ),
  GITHUB_APP_PRIVATE_KEY: optionalString,
  GITHUB_APP_PRIVATE_KEY_FILE: optionalString,
  GITHUB_APP_INSTALLATION_ID: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().optional()),
  CODECOT_DEFAULT_REPO: repoName,
  CODECOT_AGENT_COMMAND: optionalString,
  CODECOT_AGENT_ALLOW_HOSTS: listOf(/^[a-z0-9.-]+(:\d+)?$/i, 'expected host or host:port'),
  CODECOT_AGENT_ENV: listOf(/^[A-Z_][A-Z0-9_]*$/, 'expected environment variable names'),
  CODECOT_AGENT_MAX_STEPS: positiveInt(30),
  CODECOT_AGENT_TIMEOUT_SECONDS: positiveInt(1_200),
  CODECOT_MAX_ATTEMPTS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(5).default(3)),
  CODECOT_SANDBOX: z.preprocess(emptyToUndefined, z.enum(['bwrap', 'local', 'docker']).default('bwrap')),
  CODECOT_DOCKER_IMAGE: z.preprocess(emptyToUndefined, z.string().default('node:24-bookworm')),
  CODECOT_LOCAL_GIT_ROOT: optionalString,
  CODECOT_APPROVERS: approverList,
  CODECOT_JOB_CONCURRENCY: positiveInt(2),
  CODECOT_QUIET_SECONDS: positiveInt(120),
  CODECOT_MAX_EXECUTIONS: positiveInt(2),
  CODECOT_MAX_EXECUTIONS_PER_REPO: positiveInt(1),
  CODECOT_BURST_LIMIT: positiveInt(60),
  CODECOT_PASSIVE_PREFILTER: z.preprocess(emptyToUndefined, z.enum(['on', 'off']).default('on')),
  CODECOT_ACK_WAITS_FOR_DISK: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('false')),
  CODECOT_PASSIVE_THRESHOLD: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(1).default(0.7)),
  CODECOT_DASHBOARD_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().trim().min(16, 'use at least 16 characters (e.g. `openssl rand -hex 24`)').optional(),
  ),
  CODECOT_PLAYGROUND: z.preprocess(emptyToUndefined, z.enum(['auto', 'on', 'off']).default('auto')),
  CODECOT_MEMORY_LIMIT: positiveInt(50),
  CODECOT_MAX_ITERATIONS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(20).default(3)),
  CODECOT_CI_POLL_SECONDS: positiveInt(30),
  CODECOT_CI_GRACE_SECONDS: positiveInt(180),
  CODECOT_CI_TIMEOUT_MINUTES: positiveInt(120),

  CODECOT_SHUTDOWN_SECONDS: positiveInt(30),
});

type Env = z.infer<typeof envSchema>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly logLevel: Env['LOG_LEVEL'];
  readonly database: {
    readonly url: string | undefined;
    readonly dataDir: string;
    /** PostgreSQL only: the acknowledgement of a chat event waits until the event is on disk. */
    readonly ackWaitsForDisk: boolean;
  };
  readonly slack:
    | {
        readonly botToken: string;
        readonly signingSecret: string | undefined;
        readonly appToken: string | undefined;
        readonly apiUrl: string | undefined;
      }
    | undefined;
  readonly discord:
    | {
        readonly token: string;
        readonly apiUrl: string | undefined;
        readonly trustedRoleId: string | undefined;
      }
    | undefined;
  readonly model: {
    readonly apiKey: string | undefined;
    readonly baseUrl: string | undefined;
    readonly name: string;
    readonly api: 'responses' | 'chat';
    /** A model is usable with a key, or with a base URL alone (Ollama and other local servers). */
    readonly configured: boolean;
  };
  /** GitHub as the code host, with a token or as a GitHub App (exactly one of `token` and `app`). */
  readonly github:
    | {
        readonly token: string | undefined;
        readonly app: GitHubAppConfig | undefined;
        readonly apiUrl: string | undefined;
        readonly webhookSecret: string | undefined;
      }
    | undefined;
  readonly defaultRepo: string | undefined;
  readonly agentCommand: string | undefined;
  readonly agent: {
    /** Hosts an external agent may reach (through the sandbox's filtering proxy); none by default. */
    readonly allowHosts: readonly string[];
    /** Variables handed to an external agent (its own API key), read from Codecot's environment. */
    readonly env: Readonly<Record<string, string>>;
    readonly maxSteps: number;
    readonly timeoutSeconds: number;
    readonly maxAttempts: number;
  };
  readonly sandbox: { readonly backend: 'bwrap' | 'local' | 'docker'; readonly dockerImage: string };
  /** A directory of bare repositories used as the code host when GitHub is not configured. */
  readonly localGitRoot: string | undefined;
  readonly approvers: readonly string[];
  readonly jobConcurrency: number;
  readonly quietSeconds: number;
  /** Executions this process runs at once, and per repository across every process. */
  readonly maxExecutions: number;
  readonly maxExecutionsPerRepo: number;
  readonly burstLimit: number;
  readonly passiveThreshold: number;
  readonly passivePrefilter: boolean;
  /** Bearer token of the dashboard (and playground); unset: they answer loopback requests only. */
  readonly dashboardToken: string | undefined;
  /** The local web chat: `auto` serves it when neither Slack nor Discord is configured. */
  readonly playground: 'auto' | 'on' | 'off';
  /** Memory items kept per repository or channel; the oldest beyond it are pruned. */
  readonly memoryLimit: number;
  /** Following CI after a pull request opens or moves, and iterating on it. */
  readonly ci: {
    /** First poll of a commit's checks after the push; later polls back off from it. */
    readonly pollSeconds: number;
    /** A commit with no check at all after this long has no CI to wait for. */
    readonly graceSeconds: number;
    /** Checks still running after this long: Codecot stops waiting and says so. */
    readonly timeoutMinutes: number;
    /** CI fix iterations (started by 🔁 on a CI failure) per spec version; replies are not capped. */
    readonly maxIterations: number;
  };

  readonly shutdownSeconds: number;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw configError(problems);
  }
  const e = parsed.data;
  const problems = crossFieldProblems(e, env);
  const app = gitHubAppOf(e, problems);
  if (problems.length > 0) throw configError(problems);
  return deepFreeze(toConfig(e, env, app));
}

function crossFieldProblems(e: Env, env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
    problems.push(
      'SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN unless SLACK_APP_TOKEN (Socket Mode) is set',
    );
  }
  if (!e.SLACK_BOT_TOKEN && (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN)) {
    problems.push('SLACK_BOT_TOKEN: required when other Slack variables are set');
  }
  for (const name of e.CODECOT_AGENT_ENV) {
    if (!env[name]) problems.push(`CODECOT_AGENT_ENV: ${name} is listed but not set`);
  }
  if (!e.GITHUB_TOKEN && !e.GITHUB_APP_ID && e.GITHUB_WEBHOOK_SECRET) {
    problems.push('GITHUB_TOKEN or GITHUB_APP_ID: required when GITHUB_WEBHOOK_SECRET is set');
  }
  return problems;
}

function toConfig(e: Env, env: Record<string, string | undefined>, app: GitHubAppConfig | undefined): Config {
  const agentEnv = Object.fromEntries(e.CODECOT_AGENT_ENV.map((name) => [name, env[name] ?? '']));
  return {
    port: e.PORT,
    host: e.CODECOT_HOST,
    logLevel: e.LOG_LEVEL,
    database: {
      url: e.DATABASE_URL,
      dataDir: e.CODECOT_DATA_DIR,
      ackWaitsForDisk: e.CODECOT_ACK_WAITS_FOR_DISK === 'true',
    },
    slack: e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          appToken: e.SLACK_APP_TOKEN,
          apiUrl: e.SLACK_API_URL,
        }
      : undefined,
    discord: e.DISCORD_TOKEN
      ? { token: e.DISCORD_TOKEN, apiUrl: e.DISCORD_API_URL, trustedRoleId: e.DISCORD_TRUSTED_ROLE_ID }
      : undefined,
    model: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      name: e.CODECOT_MODEL,
      api: e.CODECOT_MODEL_API,
      configured: Boolean(e.OPENAI_API_KEY || e.OPENAI_BASE_URL),
    },
    github:
      e.GITHUB_TOKEN || app
        ? { token: e.GITHUB_TOKEN, app, apiUrl: e.GITHUB_API_URL, webhookSecret: e.GITHUB_WEBHOOK_SECRET }
        : undefined,
    defaultRepo: e.CODECOT_DEFAULT_REPO,
    agentCommand: e.CODECOT_AGENT_COMMAND,
    agent: {
      allowHosts: e.CODECOT_AGENT_ALLOW_HOSTS,
      env: agentEnv,
      maxSteps: e.CODECOT_AGENT_MAX_STEPS,
      timeoutSeconds: e.CODECOT_AGENT_TIMEOUT_SECONDS,
      maxAttempts: e.CODECOT_MAX_ATTEMPTS,
    },
    sandbox: { backend: e.CODECOT_SANDBOX, dockerImage: e.CODECOT_DOCKER_IMAGE },
    localGitRoot: e.CODECOT_LOCAL_GIT_ROOT,
    approvers: e.CODECOT_APPROVERS,
    jobConcurrency: e.CODECOT_JOB_CONCURRENCY,
    quietSeconds: e.CODECOT_QUIET_SECONDS,
    maxExecutions: e.CODECOT_MAX_EXECUTIONS,
    maxExecutionsPerRepo: e.CODECOT_MAX_EXECUTIONS_PER_REPO,
    burstLimit: e.CODECOT_BURST_LIMIT,
    passiveThreshold: e.CODECOT_PASSIVE_THRESHOLD,
    passivePrefilter: e.CODECOT_PASSIVE_PREFILTER === 'on',
    dashboardToken: e.CODECOT_DASHBOARD_TOKEN,
    playground: e.CODECOT_PLAYGROUND,
    memoryLimit: e.CODECOT_MEMORY_LIMIT,
    ci: {
      pollSeconds: e.CODECOT_CI_POLL_SECONDS,
      graceSeconds: e.CODECOT_CI_GRACE_SECONDS,
      timeoutMinutes: e.CODECOT_CI_TIMEOUT_MINUTES,
      maxIterations: e.CODECOT_MAX_ITERATIONS,
    },

    shutdownSeconds: e.CODECOT_SHUTDOWN_SECONDS,
  };
}

/** Every secret the config holds, so the redactor masks them even when they match no known shape. */
export function secretsOf(config: Config): string[] {
  return [
    config.slack?.botToken,
    config.slack?.signingSecret,
    config.slack?.appToken,
    config.discord?.token,
    config.model.apiKey,
    config.github?.token,
    config.github?.webhookSecret,
    ...privateKeyForms(config.github?.app?.privateKey),
    config.dashboardToken,
    config.database.url ? passwordOf(config.database.url) : undefined,
    ...Object.values(config.agent.env),
  ].filter((s): s is string => Boolean(s));
}

function passwordOf(url: string): string | undefined {
  const password = new URL(url).password;
  return password ? decodeURIComponent(password) : undefined;
}

function configError(problems: string[]): CodecotError {
  return new CodecotError(
    'config_invalid',
    `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`,
  );
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Error codes Codecot raises; each says what went wrong in a word a log search can find. */
export type CodecotErrorCode =
  | 'config_invalid'
  | 'illegal_transition'
  | 'database_unavailable'
  | 'migration_failed'
  | 'bad_input'
  | 'not_found'
  | 'platform_error'
  | 'model_error'
  | 'budget_exhausted'
  | 'sandbox_error'
  | 'code_host_error'
  | 'prompt_template_error';

export interface CodecotErrorOptions {
  cause?: unknown;
  /** Whether trying the same thing again can help (a timeout can; a bad signature cannot). */
  retryable?: boolean;
  /** The chat platform or outside system the error came from, when there is one. */
  platform?: string;
}

/** The one error type Codecot throws on purpose: a code, a cause, and whether a retry can help. */
export class CodecotError extends Error {
  readonly code: CodecotErrorCode;
  readonly retryable: boolean;
  readonly platform: string | undefined;

  constructor(code: CodecotErrorCode, message: string, options: CodecotErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CodecotError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.platform = options.platform;
  }
}

export const isCodecotError = (error: unknown, code?: CodecotErrorCode): error is CodecotError =>
  error instanceof CodecotError && (code === undefined || error.code === code);

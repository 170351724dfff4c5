import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { waitFor } from '../../helpers/wait.ts';

/**
 * One Codecot deployment as `npm start` runs it (`node src/main.ts`), which the test can kill -9 and
 * start again on the same environment (same DATABASE_URL, same data directory), as a supervisor would.
 */
export interface BotProcess {
  /** Starts the process and resolves once its chat platforms are connected. */
  start(): Promise<void>;
  /** SIGKILL, no goodbye: resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful); resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Kill -9 then start again on the same environment. */
  restart(): Promise<void>;
  readonly running: boolean;
  /** Port of the current process's HTTP server (read from its log). */
  readonly port: number;
  /** `http://127.0.0.1:<port>` of the current process. */
  readonly url: string;
  /** Everything every life of this process wrote, stdout and stderr, in order. */
  output(): string;
  /** How many times it was started. */
  readonly lives: number;
  readonly name: string;
  /** CODECOT_DATA_DIR of every life (the embedded database lives there). */
  readonly dataDir: string;
}

const READY = 'chat platform connected';

/** `logFile`, when given, receives the output as it comes (read it while a long test runs). */
export function botProcess(name: string, env: Record<string, string>, logFile?: string): BotProcess {
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let current = '';
  let all = '';
  let port = 0;
  let lives = 0;

  const start = async () => {
    if (child) throw new Error(`${name} is already running`);
    lives += 1;
    current = '';
    const life = lives;
    const proc = spawn(process.execPath, ['src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', CODECOT_SHUTDOWN_SECONDS: '5', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    const collect = (chunk: Buffer) => {
      current += chunk.toString();
      all += chunk.toString();
      if (logFile) appendFileSync(logFile, chunk);
    };
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    exited = new Promise((done) =>
      proc.once('exit', () => {
        all += `\n--- ${name} life ${life} exited ---\n`;
        if (logFile) appendFileSync(logFile, `\n--- ${name} life ${life} exited ---\n`);
        if (child === proc) child = undefined;
        done();
      }),
    );
    await waitFor(() => current.includes(READY) || proc.exitCode !== null, 90_000, 50);
    if (!current.includes(READY)) throw new Error(`${name} did not start:\n${current.slice(-3_000)}`);
    port = Number(/"port":(\d+)/.exec(current)?.[1]);
  };

  const kill = async () => {
    const proc = child;
    if (!proc) return;
    proc.kill('SIGKILL');
    await exited;
  };

  return {
    start,
    kill,
    async stop() {
      const proc = child;
      if (!proc) return null;
      proc.kill('SIGTERM');
      await exited;
      return proc.exitCode;
    },
    async restart() {
      await kill();
      await start();
    },
    get running() {
      return child !== undefined;
    },
    get port() {
      return port;
    },
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    output: () => all,
    get lives() {
      return lives;
    },
    name,
    dataDir: env.CODECOT_DATA_DIR ?? '',
  };
}

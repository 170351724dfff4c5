import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CodecotError } from '../errors.ts';

export interface CheckDef {
  name: string;
  run: string;
}

export interface RepoChecks {
  /** Run before every validation (installing dependencies, building). */
  setup: CheckDef[];
  /** The checks whose results decide and are reported. */
  validate: CheckDef[];
  timeoutSeconds: number;
  /** Hosts setup commands may reach (package registries); none by default. */
  setupHosts: string[];
  /** Where the list came from, shown in the result. */
  source: '.codecot.yml' | 'package.json' | 'none';
}

const command = z.union([z.string().min(1), z.object({ name: z.string().min(1), run: z.string().min(1) })]);
const fileSchema = z.object({
  setup: z.array(command).default([]),
  validate: z.array(command).default([]),
  timeout_seconds: z.number().int().positive().max(7_200).default(900),
  setup_hosts: z.array(z.string().regex(/^[a-z0-9.-]+$/i)).default([]),
});

const FALLBACK_SCRIPTS = ['test', 'lint', 'typecheck'];

/**
 * The repository's own validation commands: `.codecot.yml` (`setup:` and `validate:` lists) or,
 * without one, the `test`, `lint` and `typecheck` scripts of package.json. Read from the checkout,
 * so a change to the file by the agent never changes what validated the base.
 */
export async function loadRepoChecks(workspace: string): Promise<RepoChecks> {
  const yml = await readFile(join(workspace, '.codecot.yml'), 'utf8').catch(() => undefined);
  if (yml !== undefined) {
    const parsed = fileSchema.safeParse(parseYamlSafely(yml));
    if (!parsed.success) {
      const issues = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      throw new CodecotError('bad_input', `.codecot.yml is not valid: ${issues}`);
    }
    const f = parsed.data;
    return {
      setup: f.setup.map(toCheck),
      validate: f.validate.map(toCheck),
      timeoutSeconds: f.timeout_seconds,
      setupHosts: f.setup_hosts,
      source: '.codecot.yml',
    };
  }
  const pkg = await readFile(join(workspace, 'package.json'), 'utf8').catch(() => undefined);
  const scripts = pkg ? ((safeJson(pkg) as { scripts?: Record<string, unknown> })?.scripts ?? {}) : {};
  const validate = FALLBACK_SCRIPTS.filter((name) => typeof scripts[name] === 'string').map((name) => ({
    name,
    run: `npm run ${name} --silent`,
  }));
  return {
    setup: [],
    validate,
    timeoutSeconds: 900,
    setupHosts: [],
    source: validate.length ? 'package.json' : 'none',
  };
}

function toCheck(entry: string | { name: string; run: string }): CheckDef {
  return typeof entry === 'string' ? { name: entry.split(/\s+/).slice(0, 3).join(' '), run: entry } : entry;
}

function parseYamlSafely(text: string): unknown {
  try {
    // Warnings (an unknown tag) would go to stderr as process warnings; the schema check reports what matters.
    return parseYaml(text, { logLevel: 'error' });
  } catch (error) {
    throw new CodecotError(
      'bad_input',
      `.codecot.yml is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

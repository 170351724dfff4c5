import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CodecotError } from './errors.ts';

const PROMPTS_DIR = fileURLToPath(new URL('../prompts/', import.meta.url));
const PLACEHOLDER = /\{\{\s*([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}/g;
const cache = new Map<string, string>();

export type PromptName =
  | 'extract-intent'
  | 'listen-passively'
  | 'draft-spec'
  | 'revise-spec'
  | 'agent-builtin';

function template(name: PromptName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(`${PROMPTS_DIR}${name}.md`, 'utf8');
    cache.set(name, text);
  }
  return text;
}

/**
 * Renders `prompts/<name>.md`. Every `{{placeholder}}` must be given and every value given must be
 * used: a prompt that silently drops context, or sends a literal `{{x}}`, is a bug caught here.
 */
export function renderPrompt(name: PromptName, values: Record<string, string>): string {
  const text = template(name);
  const used = new Set<string>();
  const missing = new Set<string>();
  const rendered = text.replace(PLACEHOLDER, (_match, key: string) => {
    used.add(key);
    const value = values[key];
    if (value === undefined) {
      missing.add(key);
      return '';
    }
    return value;
  });
  const unused = Object.keys(values).filter((key) => !used.has(key));
  if (missing.size > 0 || unused.length > 0) {
    const parts = [
      missing.size ? `missing ${[...missing].join(', ')}` : '',
      unused.length ? `unused ${unused.join(', ')}` : '',
    ].filter(Boolean);
    throw new CodecotError('prompt_template_error', `prompt ${name}: ${parts.join('; ')}`);
  }
  return rendered.trim();
}

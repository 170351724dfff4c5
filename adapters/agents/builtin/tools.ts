import { tool } from 'ai';
import { z } from 'zod';
import { applyPatch } from './apply-patch.ts';
import type { ToolContext } from './context.ts';
import { listFiles, readFile, writeFile } from './file-tools.ts';
import { runCommand } from './run-command.ts';
import { search } from './search.ts';

const workspacePath = z.string().describe('Path relative to the workspace root');

/**
 * The built-in agent's tools. A tool that throws hands its message back to the model as a tool
 * error, so a rejected path or a patch that does not apply is something the model can correct.
 */
export function codingTools(context: ToolContext) {
  return {
    list_files: tool({
      description:
        'List files and directories (directories end with /). .git and node_modules are not expanded.',
      inputSchema: z.object({
        path: workspacePath.optional(),
        depth: z.number().int().min(1).max(6).optional().describe('Levels to descend (default 2)'),
      }),
      execute: ({ path, depth }) => listFiles(context.root, path, depth),
    }),
    read_file: tool({
      description: 'Read a text file, optionally a 1-based inclusive line range. Long output is cut.',
      inputSchema: z.object({
        path: workspacePath,
        startLine: z.number().int().min(1).optional(),
        endLine: z.number().int().min(1).optional(),
      }),
      execute: ({ path, startLine, endLine }) => readFile(context.root, path, startLine, endLine),
    }),
    search: tool({
      description: 'Search text files (grep -E extended regex, or a literal string) and list file:line:text.',
      inputSchema: z.object({
        pattern: z.string().min(1),
        path: workspacePath.optional().describe('File or directory to search (default: everything)'),
        literal: z.boolean().optional().describe('Match the pattern as a plain string'),
      }),
      execute: ({ pattern, path, literal }) => search(context, pattern, path, literal),
    }),
    write_file: tool({
      description: 'Create or overwrite a file with the complete new content.',
      inputSchema: z.object({ path: workspacePath, content: z.string() }),
      execute: ({ path, content }) => writeFile(context.root, path, content),
    }),
    apply_patch: tool({
      description:
        'Apply a unified diff (as from `git diff`) to the workspace. Context lines must match the file.',
      inputSchema: z.object({ patch: z.string().min(1) }),
      execute: ({ patch }) => applyPatch(context, patch),
    }),
    run_command: tool({
      description:
        'Run a shell command in the workspace root (no network). Returns the exit code and the output tail.',
      inputSchema: z.object({ command: z.string().min(1) }),
      execute: ({ command }) => runCommand(context, command),
    }),
  };
}

import { describe, expect, test } from 'vitest';
import { progressDetail } from '../../../adapters/agents/builtin/progress-detail.ts';

describe('the built-in agent’s step lines for the live log', () => {
  test('each tool with a short summary of its arguments, never the contents it writes', () => {
    const detail = progressDetail({
      toolCalls: [
        { toolName: 'list_files', input: {} },
        { toolName: 'read_file', input: { path: 'src/a.ts', startLine: 3 } },
        { toolName: 'search', input: { pattern: 'retry\\(', path: 'src' } },
        { toolName: 'write_file', input: { path: 'src/b.ts', content: 'SECRET CONTENT' } },
        {
          toolName: 'apply_patch',
          input: { patch: '--- a/src/c.ts\n+++ b/src/c.ts\n@@ -1 +1 @@\n-x\n+PATCHED\n' },
        },
        { toolName: 'run_command', input: { command: 'npm test\n  -- --grep upload' } },
      ],
    });
    expect(detail).toBe(
      'list_files; read_file src/a.ts; search "retry\\\\(" in src; write_file src/b.ts; apply_patch src/c.ts; run_command npm test -- --grep upload',
    );
    expect(detail).not.toMatch(/SECRET CONTENT|PATCHED/);
  });

  test('a step without tools answered; long arguments are cut', () => {
    expect(progressDetail({ toolCalls: [] })).toBe('answered');
    const long = progressDetail({
      toolCalls: [{ toolName: 'run_command', input: { command: 'x'.repeat(500) } }],
    });
    expect(long).toHaveLength('run_command '.length + 100);
    expect(long.endsWith('…')).toBe(true);
  });
});

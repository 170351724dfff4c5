/** Counts and failing test names read from a test runner's output, when it has a known format. */
export interface TestCounts {
  passed: number | null;
  failed: number | null;
  failingNames: string[];
}

const COUNT_PATTERNS: { passed: RegExp; failed: RegExp }[] = [
  // node --test (TAP summary): "# pass 3" / "# fail 1"
  { passed: /^# pass (\d+)/m, failed: /^# fail (\d+)/m },
  // vitest / jest: "Tests  1 failed | 3 passed (4)", "Tests: 1 failed, 3 passed, 4 total"
  { passed: /Tests:?\s+(?:.*?)(\d+) passed/, failed: /Tests:?\s+(?:.*?)(\d+) failed/ },
  // pytest, go, and the generic closing line: "3 passed, 1 failed"
  { passed: /(\d+) passed/, failed: /(\d+) failed/ },
];

const NAME_PATTERNS: RegExp[] = [
  /^\s*not ok \d+ - (.+?)\s*$/gm, // TAP
  /^\s*(?:×|✗|✕) (.+?)(?:\s+\d+ms)?\s*$/gm, // vitest, jest, mocha
  /^FAIL(?:ED)? (\S+::\S+)/gm, // pytest
  /^--- FAIL: (\S+)/gm, // go test
];

// ANSI colour codes would hide the patterns.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

export function readTestOutput(output: string): TestCounts {
  const text = output.replace(ANSI, '');
  let passed: number | null = null;
  let failed: number | null = null;
  for (const pattern of COUNT_PATTERNS) {
    const p = pattern.passed.exec(text);
    const f = pattern.failed.exec(text);
    if (p || f) {
      passed = p ? Number(p[1]) : 0;
      failed = f ? Number(f[1]) : 0;
      break;
    }
  }
  const names = new Set<string>();
  for (const pattern of NAME_PATTERNS) {
    for (const match of text.matchAll(pattern)) if (match[1]) names.add(match[1].trim());
  }
  return { passed, failed, failingNames: [...names].slice(0, 50) };
}

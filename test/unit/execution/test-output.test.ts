import { expect, test } from 'vitest';
import { readTestOutput } from '../../../src/pipeline/test-output.ts';

test('node --test (TAP)', () => {
  const out = 'TAP version 13\nok 1 - adds\nnot ok 2 - subtracts\n  ---\n# tests 2\n# pass 1\n# fail 1\n';
  expect(readTestOutput(out)).toEqual({ passed: 1, failed: 1, failingNames: ['subtracts'] });
});

test('vitest with colours', () => {
  const esc = String.fromCharCode(27);
  const out = ` ${esc}[31m×${esc}[39m math > divides by zero 3ms\n Tests  ${esc}[31m1 failed${esc}[39m | ${esc}[32m7 passed${esc}[39m (8)`;
  expect(readTestOutput(out)).toEqual({ passed: 7, failed: 1, failingNames: ['math > divides by zero'] });
});

test('pytest and go', () => {
  expect(
    readTestOutput('FAILED tests/test_a.py::test_b - assert 1 == 2\n==== 1 failed, 4 passed in 0.1s ===='),
  ).toEqual({
    passed: 4,
    failed: 1,
    failingNames: ['tests/test_a.py::test_b'],
  });
  expect(readTestOutput('--- FAIL: TestAdd (0.00s)\nFAIL').failingNames).toEqual(['TestAdd']);
});

test('unknown output gives no counts rather than guesses', () => {
  expect(readTestOutput('Error: Cannot find module x')).toEqual({
    passed: null,
    failed: null,
    failingNames: [],
  });
});

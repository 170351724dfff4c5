/** The repository every scenario works on, in the fake GitHub: a tiny node package with a test. */
export const REPO = 'acme/widgets';

const nodeTest = (imports: string, name: string, assertion: string) =>
  `import { test } from 'node:test';\nimport assert from 'node:assert';\n${imports}\ntest('${name}', () => ${assertion});\n`;

export const sampleRepo: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'widgets', type: 'module', scripts: { test: 'node --test' } }),
  'src/math.js': 'export const add = (a, b) => a + b;\n',
  'test/math.test.js': nodeTest(
    "import { add } from '../src/math.js';",
    'adds',
    'assert.equal(add(1, 2), 3)',
  ),
};

/** What the scripted agent writes for a change that passes validation. */
export const passingChange: Record<string, string> = {
  'src/mul.js': 'export const mul = (a, b) => a * b;\n',
  'test/mul.test.js': nodeTest(
    "import { mul } from '../src/mul.js';",
    'multiplies',
    'assert.equal(mul(2, 3), 6)',
  ),
};

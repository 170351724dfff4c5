import fc from 'fast-check';

// Generators of hostile input shared by every fuzz test: odd unicode, prototype-pollution keys, wrong
// types, numbers as strings, deep nesting, huge strings and arrays, and mutations of real fixtures.

/** Code units and sequences that break naive code: lone surrogates, bidi overrides, zero-width, NUL. */
const SPECIAL_UNITS = [
  '\uD800', // lone high surrogate
  '\uDFFF', // lone low surrogate
  '\u202E', // right-to-left override
  '\u2066', // left-to-right isolate
  '\u200B', // zero-width space
  '\u200D', // zero-width joiner
  '\uFEFF', // byte order mark
  '\u0000', // NUL
  '\u0007',
  '\r\n',
  '\u2028', // line separator
  '\uFFFD',
  '👩‍👩‍👧',
  'e\u0301', // combining accent
  '\\',
  '"',
  "'",
  '`',
  '<',
  '>',
  '&',
  '%00',
  '\u0024{x}', // a template placeholder
  '{{x}}',
  '<@U0FAKEBOT>',
  '<!channel>',
  '@everyone',
];

/** Strings that look like something else: keys of Object.prototype, numbers, paths, injections. */
const SPECIAL_STRINGS = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'true',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0x10',
  '9007199254740993',
  '1712345678.000100',
  '../../etc/passwd',
  "'; DROP TABLE messages; --",
  '<script>alert(1)</script>',
  'C0CODECOT',
  'U0MEMBER',
  '1100000000000000002',
  'acme/widgets',
];

const unit = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_UNITS) },
  { weight: 2, arbitrary: fc.constantFrom('a', 'Z', '0', ' ', '-', '_', '.', ':', '/') },
);

/** Any string a hostile sender might put in a field, now and then a huge one. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit, maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('x', '\u202E', '💥', '\uD800', ' '), fc.integer({ min: 1_000, max: 120_000 }))
      .map(([piece, times]) => piece.repeat(times)),
  },
);

/** Object keys, biased towards the ones that pollute prototypes or shadow real fields. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf') },
  {
    weight: 2,
    arbitrary: fc.constantFrom('type', 'text', 'user', 'id', 'channel', 'ts', 'event', 'event_id'),
  },
  { weight: 3, arbitrary: fc.string({ unit, maxLength: 12 }) },
);

const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1, -1, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, 1e-300, 1_712_345_678.0001),
);

const primitive: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: hostileNumber.map(String) },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, 'true', 'false', '0', '1') },
);

/** Arrays of thousands of elements or nesting thousands of levels deep. */
const monstrous: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: 1_000, max: 50_000 }).map((length) => Array.from({ length }, (_, i) => i % 7)),
  fc.integer({ min: 100, max: 1_500 }).map((depth) => nest(depth, (inner) => [inner])),
  fc.integer({ min: 100, max: 1_500 }).map((depth) => nest(depth, (inner) => ({ a: inner }))),
);

function nest(depth: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = wrap(value);
  return value;
}

/** Object with own properties set by definition, so `__proto__` is an own key as JSON.parse makes it. */
function ownObject(entries: [string, unknown][]): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  for (const [key, value] of entries)
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

/** Any JSON-shaped value a hostile sender might put anywhere. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: primitive },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 5 }) },
    { weight: 2, arbitrary: fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 6 }).map(ownObject) },
    { weight: 1, arbitrary: monstrous },
  ),
})).value;

type Step = {
  pick: number;
  op: 'replace' | 'delete' | 'wrap' | 'stringify' | 'proto' | 'retype';
  value: unknown;
};

const step: fc.Arbitrary<Step[]> = fc.array(
  fc.record({
    pick: fc.nat(),
    op: fc.constantFrom('replace', 'replace', 'delete', 'wrap', 'stringify', 'proto', 'retype'),
    value: hostileValue,
  }),
  { minLength: 1, maxLength: 5 },
);

const path = fc.array(fc.nat(), { maxLength: 6 });

/**
 * A real fixture with one to five hostile changes at random depths: a field replaced by a hostile value,
 * deleted, wrapped in an array, turned into a string, retyped, or a `__proto__` key added.
 */
export function mutationOf(fixture: unknown): fc.Arbitrary<unknown> {
  return fc.tuple(step, fc.array(path, { minLength: 5, maxLength: 5 })).map(([steps, paths]) => {
    const copy = structuredClone(fixture);
    for (const [index, s] of steps.entries()) apply(copy, paths[index] ?? [], s);
    return copy;
  });
}

function apply(root: unknown, path: number[], step: Step): void {
  let node = root;
  for (const choice of path) {
    const keys = containerKeys(node);
    const next = keys.length
      ? (node as Record<string, unknown>)[keys[choice % keys.length] as string]
      : undefined;
    if (containerKeys(next).length === 0) break;
    node = next;
  }
  const keys = containerKeys(node);
  if (keys.length === 0) return;
  const key = keys[step.pick % keys.length] as string;
  const parent = node as Record<string, unknown>;
  const current = parent[key];
  switch (step.op) {
    case 'replace':
      parent[key] = step.value;
      return;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      return;
    case 'wrap':
      parent[key] = [current];
      return;
    case 'stringify':
      parent[key] = typeof current === 'string' ? Number(current) : (JSON.stringify(current) ?? 'undefined');
      return;
    case 'retype':
      parent[key] = typeof current === 'object' && current !== null ? jsonText(current) : { value: current };
      return;
    case 'proto':
      Object.defineProperty(parent, '__proto__', {
        value: { polluted: true, isAdmin: true },
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
}

function containerKeys(value: unknown): string[] {
  return value !== null && typeof value === 'object' ? Object.keys(value) : [];
}

/** Payloads for a parser: mostly mutated fixtures (they get past the first checks), some pure noise. */
export function payloadsFrom(fixtures: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 7, arbitrary: fc.constantFrom(...fixtures).chain(mutationOf) },
    { weight: 2, arbitrary: hostileValue },
    { weight: 1, arbitrary: fc.constantFrom(...fixtures) },
  );
}

/** Text that JSON.stringify cannot make of a deep value is sent as it is; everything else as JSON. */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return '[]';
  }
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import {
  inviteUrl,
  PERMISSION_INTEGER,
  REQUIRED_PERMISSIONS,
} from '../../../adapters/discord/permissions.ts';

const install = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');

test('the permission integer is the sum of the eight permissions Codecot uses', () => {
  expect(Object.keys(REQUIRED_PERMISSIONS)).toHaveLength(8);
  expect(PERMISSION_INTEGER).toBe(311_385_214_016n);
});

test('the README Install in Discord section shows the same integer in the invite URL, the table and the arithmetic', () => {
  expect(install).toContain(`permissions=${PERMISSION_INTEGER}`);
  expect(install).toContain('**311,385,214,016**');
  const rows = [...install.matchAll(/\| `1 << (\d+)`\s*\| ([\d,]+)\s*\|/g)];
  expect(rows).toHaveLength(8);
  for (const [, bit, value] of rows)
    expect(BigInt(value?.replaceAll(',', '') ?? '')).toBe(1n << BigInt(bit ?? ''));
  expect(rows.reduce((sum, [, bit]) => sum | (1n << BigInt(bit ?? '')), 0n)).toBe(PERMISSION_INTEGER);
});

test('the invite URL asks for the bot and applications.commands scopes', () => {
  const url = new URL(inviteUrl('1100000000000000001'));
  expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
  expect(url.searchParams.get('scope')).toBe('bot applications.commands');
  expect(url.searchParams.get('permissions')).toBe('311385214016');
  expect(url.searchParams.get('client_id')).toBe('1100000000000000001');
});

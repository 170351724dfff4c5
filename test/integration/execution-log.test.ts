import pino from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import { ExecutionLog } from '../../src/pipeline/execution-log.ts';
import {
  appendExecutionLog,
  EXECUTION_LOG_LIMIT,
  executionLogOf,
  LOG_LINE_MAX_CHARS,
} from '../../src/store/repositories/execution-log.ts';
import { engineUnderTest } from '../helpers/database.ts';
import { seedHistory } from './dashboard/seed.ts';
import { type DashboardWorld, startDashboard } from './dashboard/world.ts';

let world: DashboardWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** A database with one real execution (the dashboard's seeded history) to log against. */
async function anExecution() {
  world = await startDashboard();
  const { executionId } = await seedHistory(world, 'Add a mul function');
  return { db: world.database.store.db, executionId };
}

const PLANTED = `ghp_${'A1b2C3d4'.repeat(5)}`;

describe(`the execution log on ${engineUnderTest()}`, () => {
  test('lines are numbered in order per execution and read back after a cursor', async () => {
    const { db, executionId } = await anExecution();
    await appendExecutionLog(db, executionId, [
      { kind: 'state', text: 'queued → preparing: checkout' },
      { kind: 'agent', text: 'step 1: read_file src/a.ts', attempt: 1 },
    ]);
    await appendExecutionLog(db, executionId, [
      { kind: 'check-end', text: 'validation: test passed', attempt: 1 },
    ]);
    const all = await executionLogOf(db, executionId);
    expect(all.map((l) => [l.seq, l.kind, l.attempt, l.text])).toEqual([
      [1, 'state', null, 'queued → preparing: checkout'],
      [2, 'agent', 1, 'step 1: read_file src/a.ts'],
      [3, 'check-end', 1, 'validation: test passed'],
    ]);
    expect(all[0]?.at).toBeInstanceOf(Date);
    expect((await executionLogOf(db, executionId, { after: 2 })).map((l) => l.seq)).toEqual([3]);
  });

  test('secrets are redacted and long lines clipped before they are stored', async () => {
    const { db, executionId } = await anExecution();
    await appendExecutionLog(db, executionId, [
      { kind: 'agent', text: `step 1: run_command curl -H "Authorization: Bearer ${PLANTED}"` },
      { kind: 'agent-summary', text: 'x'.repeat(LOG_LINE_MAX_CHARS * 3) },
    ]);
    const rows = await db.selectFrom('execution_log').selectAll().orderBy('seq').execute();
    expect(rows[0]?.text).toContain('[REDACTED]');
    expect(JSON.stringify(rows)).not.toContain(PLANTED);
    expect(rows[1]?.text.length).toBe(LOG_LINE_MAX_CHARS);
  });

  test('only the last lines are kept, with their numbers', async () => {
    const { db, executionId } = await anExecution();
    const lines = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ kind: 'agent' as const, text: `step ${from + i}` }));
    await appendExecutionLog(db, executionId, lines(1, 7), 5);
    await appendExecutionLog(db, executionId, lines(8, 2), 5);
    const kept = await executionLogOf(db, executionId);
    expect(kept.map((l) => `${l.seq}:${l.text}`)).toEqual([
      '5:step 5',
      '6:step 6',
      '7:step 7',
      '8:step 8',
      '9:step 9',
    ]);
  });

  test('the default bound: a flood leaves the last 1,000 lines', async () => {
    const { db, executionId } = await anExecution();
    const flood = Array.from({ length: 600 }, (_, i) => ({ kind: 'agent' as const, text: `line ${i + 1}` }));
    await appendExecutionLog(db, executionId, flood);
    await appendExecutionLog(
      db,
      executionId,
      flood.map((l, i) => ({ ...l, text: `line ${i + 601}` })),
    );
    const kept = await executionLogOf(db, executionId);
    expect(kept).toHaveLength(EXECUTION_LOG_LIMIT);
    expect(kept[0]).toMatchObject({ seq: 201, text: 'line 201' });
    expect(kept.at(-1)).toMatchObject({ seq: 1200, text: 'line 1200' });
  });

  test('two writers at once (the job and a cancel command) lose no line and keep each one in order', async () => {
    const { db, executionId } = await anExecution();
    const batch = (who: string) =>
      Array.from({ length: 5 }, (_, i) => ({ kind: 'agent' as const, text: `${who} ${i + 1}` }));
    await Promise.all(['a', 'b', 'c', 'd'].map((who) => appendExecutionLog(db, executionId, batch(who))));
    const lines = await executionLogOf(db, executionId);
    expect(lines.map((l) => l.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const who of ['a', 'b', 'c', 'd'])
      expect(lines.filter((l) => l.text.startsWith(who)).map((l) => l.text)).toEqual(
        batch(who).map((l) => l.text),
      );
  });

  test('the writer batches in order, and a failing database costs log lines, never an error', async () => {
    const { db, executionId } = await anExecution();
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    const log = new ExecutionLog({ db, logger }, executionId);
    log.attempt = 2;
    for (let i = 1; i <= 50; i++) log.write('agent', `step ${i}`);
    await log.flush();
    log.write('push', 'pushed codecot/x');
    await log.flush();
    const lines = await executionLogOf(db, executionId);
    expect(lines.map((l) => l.text)).toEqual([
      ...Array.from({ length: 50 }, (_, i) => `step ${i + 1}`),
      'pushed codecot/x',
    ]);
    expect(new Set(lines.map((l) => l.attempt))).toEqual(new Set([2]));

    const orphan = new ExecutionLog({ db, logger }, '00000000-0000-4000-8000-000000000000');
    orphan.write('agent', 'nobody owns this line');
    await expect(orphan.flush()).resolves.toBeUndefined();
    expect(warnings.join('\n')).toContain('execution log write failed');
  });

  test('the writer cuts a flood between two writes down to the bound, and says so', async () => {
    const { db, executionId } = await anExecution();
    const log = new ExecutionLog({ db, logger: pino({ level: 'silent' }) }, executionId);
    for (let i = 1; i <= EXECUTION_LOG_LIMIT + 250; i++) log.write('agent', `step ${i}`);
    await log.flush();
    const lines = await executionLogOf(db, executionId);
    expect(lines).toHaveLength(EXECUTION_LOG_LIMIT);
    expect(lines.at(-1)?.text).toBe(`step ${EXECUTION_LOG_LIMIT + 250}`);
    expect(lines[0]).toMatchObject({ seq: 1, kind: 'note', text: '251 lines skipped (too many at once)' });
    expect(lines[1]?.text).toBe('step 252');
  });
});

import { afterEach, describe, expect, test } from 'vitest';
import { executionMachine } from '../../../src/domain/execution.ts';
import { appendExecutionLog, EXECUTION_LOG_LIMIT } from '../../../src/store/repositories/execution-log.ts';
import { createExecution } from '../../../src/store/repositories/executions.ts';
import { addSpecVersion } from '../../../src/store/repositories/specs.ts';
import { moveState } from '../../../src/store/transitions.ts';
import { specBody } from '../../helpers/pipeline.ts';
import { seedHistory } from './seed.ts';
import { type DashboardWorld, startDashboard } from './world.ts';

let world: DashboardWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const EVIL = '<img src=x onerror=alert(1)><script>alert(2)</script>';

/** The seeded history plus a second run that is still with the agent. */
async function runningExecution(w: DashboardWorld): Promise<{ running: string; finished: string }> {
  const ids = await seedHistory(w, 'Add a mul function');
  const db = w.database.store.db;
  const v3 = await addSpecVersion(db, ids.specId, specBody('again'), { kind: 'system' });
  const { execution } = await createExecution(db, v3.id, 1, { kind: 'system' });
  for (const to of ['preparing', 'agent'] as const)
    await moveState(db, 'executions', execution.id, executionMachine, to, { kind: 'job' });
  await appendExecutionLog(db, execution.id, [
    { kind: 'state', text: 'queued → preparing: checkout of local/widgets' },
    { kind: 'agent', text: `step 1: read_file ${EVIL}`, attempt: 1 },
    { kind: 'agent', text: 'step 2: run_command node --test', attempt: 1 },
  ]);
  return { running: execution.id, finished: ids.executionId };
}

describe('the execution page’s live log', () => {
  test('a running execution shows its log escaped, with the one script allowed to keep it current', async () => {
    world = await startDashboard();
    const { running } = await runningExecution(world);
    const res = await world.get(`/dashboard/executions/${running}`);
    const html = await res.text();
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'; connect-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(html).toContain('<script src="/dashboard/live-log.js" defer></script>');
    expect(html).toContain('<noscript><meta http-equiv="refresh" content="3"></noscript>');
    expect(html).toMatch(/id="execution-log"[^>]*data-after="3" data-live="true"/);
    expect(html).toContain(
      'step 1: read_file &lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;',
    );
    expect(html).not.toContain('<img');
    const seen = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(seen).toMatch(/3 \d\d:\d\d:\d\d\.\d{3} agent 1 step 2: run_command node --test/);

    const overview = await world.get('/dashboard');
    expect(overview.headers.get('content-security-policy')).not.toContain('script-src');

    const script = await world.get('/dashboard/live-log.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const source = await script.text();
    expect(source).toContain('textContent');
    expect(source).not.toContain('innerHTML');
  });

  test('the log endpoint answers the state and the lines after a cursor, as JSON', async () => {
    world = await startDashboard();
    const { running } = await runningExecution(world);
    const res = await world.get(`/dashboard/executions/${running}/log?after=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as {
      state: string;
      live: boolean;
      lines: { seq: number; text: string }[];
    };
    expect(body.state).toBe('agent');
    expect(body.live).toBe(true);
    expect(body.lines.map((l) => [l.seq, l.text])).toEqual([
      [2, `step 1: read_file ${EVIL}`],
      [3, 'step 2: run_command node --test'],
    ]);
    const later = (await (await world.get(`/dashboard/executions/${running}/log?after=3`)).json()) as {
      lines: unknown[];
    };
    expect(later.lines).toEqual([]);
    expect((await world.get('/dashboard/executions/00000000-0000-4000-8000-000000000000/log')).status).toBe(
      404,
    );
  });

  test('a finished execution shows its log without a script; dropped lines are said to be dropped', async () => {
    world = await startDashboard();
    const { finished } = await runningExecution(world);
    const db = world.database.store.db;
    const flood = Array.from({ length: EXECUTION_LOG_LIMIT + 5 }, (_, i) => ({
      kind: 'agent' as const,
      text: `step ${i + 1}`,
    }));
    await appendExecutionLog(db, finished, flood);
    const html = await (await world.get(`/dashboard/executions/${finished}`)).text();
    expect(html).not.toContain('<script');
    expect(html).not.toContain('http-equiv="refresh"');
    expect(html).toContain('Lines 1–5 were dropped: the log keeps the last 1,000.');
    expect(html).toContain(`step ${EXECUTION_LOG_LIMIT + 5}</td>`);
    expect(html).not.toContain('>step 5</td>');
  });

  test('the log endpoint is behind the dashboard’s token like every page', async () => {
    const token = 'dashboard-token-0123456789abcdef';
    world = await startDashboard({ token });
    const { running } = await runningExecution(world);
    const path = `/dashboard/executions/${running}/log`;
    expect((await world.get(path)).status).toBe(401);
    expect(
      (await world.get(path, { headers: { authorization: 'Bearer wrong-token-0123456789abcdef' } })).status,
    ).toBe(401);
    const allowed = await world.get(path, { headers: { authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as { lines: unknown[] }).lines).toHaveLength(3);
  });
});

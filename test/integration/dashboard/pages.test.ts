import { afterEach, describe, expect, test } from 'vitest';
import { executionMachine } from '../../../src/domain/execution.ts';
import { createExecution } from '../../../src/store/repositories/executions.ts';
import { addSpecVersion } from '../../../src/store/repositories/specs.ts';
import { moveState } from '../../../src/store/transitions.ts';
import { specBody } from '../../helpers/pipeline.ts';
import { seedHistory } from './seed.ts';
import { type DashboardWorld, startDashboard, THREAD } from './world.ts';

let world: DashboardWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const page = async (path: string) => {
  const res = await world!.get(path);
  return { status: res.status, html: await res.text(), headers: res.headers };
};
/** Text content without tags, whitespace folded: what a reader sees. */
const seen = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('dashboard pages', () => {
  test('overview, channel, spec and execution pages show the whole history with links back to chat', async () => {
    world = await startDashboard();
    const ids = await seedHistory(world, 'Add a mul function');

    const overview = await page('/dashboard');
    expect(overview.status).toBe(200);
    expect(overview.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(seen(overview.html)).toMatch(/local #general local\/widgets|local #general .* 1 1 1 0/);
    expect(overview.html).toContain(`/dashboard/executions/${ids.executionId}`);

    const channel = await page(`/dashboard/channels/${encodeURIComponent(ids.channelId)}`);
    expect(seen(channel.html)).toContain('Add a mul function mention detected local:you');
    expect(seen(channel.html)).toContain('v2 approved');
    expect(seen(channel.html)).toMatch(/gpt-5-mini 1 2000 500 \$0\.0015/);
    expect(channel.html).toContain(`/dashboard/thread?key=${encodeURIComponent(THREAD)}`);

    const spec = seen((await page(`/dashboard/specs/${ids.specId}`)).html);
    expect(spec).toMatch(/v2: Add a mul function approved/);
    expect(spec).toMatch(/v1: Add a mul function superseded/);
    expect(spec).toContain('local:ci ✅ added ignored bot');
    expect(spec).toContain('local:you ✅ added counted');
    expect(spec).toMatch(/proposed → approved reaction local:you/);

    const execution = await page(`/dashboard/executions/${ids.executionId}`);
    const text = seen(execution.html);
    expect(execution.html).not.toContain('http-equiv="refresh"');
    expect(text).toMatch(/State succeeded/);
    expect(text).toContain('base commit 0 test node --test passed 4 0 0.8 s');
    expect(text).toContain('change 1 test node --test passed 5 0 0.8 s');
    expect(execution.html).toContain('href="/dashboard/pulls/local/widgets/1"');
    expect(text).toContain('120000 in / 8000 out · est. $0.05');
    expect(text).toContain('2 files changed, +8 −0. All changes are inside the spec’s scope.');
    expect(text).toMatch(/src\/mul\.js added \+3 −0/);
    expect(text).toMatch(/pr-open → succeeded job to succeeded/);
  });

  test('a running execution reloads itself; the thread link goes to the platform permalink', async () => {
    world = await startDashboard();
    const ids = await seedHistory(world, 'first');
    const db = world.database.store.db;
    const v3 = await addSpecVersion(db, ids.specId, specBody('again'), { kind: 'system' });
    const { execution } = await createExecution(db, v3.id, 1, { kind: 'system' });
    await moveState(db, 'executions', execution.id, executionMachine, 'preparing', { kind: 'job' });
    const running = await page(`/dashboard/executions/${execution.id}`);
    expect(running.html).toContain('<meta http-equiv="refresh" content="3">');
    expect(seen(running.html)).toContain('No check has run yet.');

    const jump = await world.get(`/dashboard/thread?key=${encodeURIComponent(THREAD)}`);
    expect(jump.status).toBe(302);
    expect(jump.headers.get('location')).toBe('https://chat.example/general/m1');
  });

  test('unknown things are 404, not errors', async () => {
    world = await startDashboard();
    for (const path of [
      '/dashboard/executions/00000000-0000-4000-8000-000000000000',
      '/dashboard/executions/not-a-uuid',
      '/dashboard/specs/%E0%A4%A',
      '/dashboard/channels/nope',
      '/dashboard/thread?key=garbage',
      '/dashboard/nothing/here',
    ])
      expect((await world.get(path)).status, path).toBe(404);
    expect((await world.get('/dashboard/thread?key=slack:T1:C1:1.2')).status).toBe(404);
  });

  test('text from chat, models and repositories can never become markup', async () => {
    world = await startDashboard({
      localPulls: async () => [
        {
          repo: 'local/widgets',
          number: 1,
          head: 'codecot/x',
          base: 'main',
          title: '<img src=x onerror=alert(2)>',
          body: '</pre><script>alert(3)</script>',
          draft: false,
          state: 'open',
          headSha: 'abc',
          createdAt: new Date().toISOString(),
          comments: [],
        },
      ],
    });
    const evil = '<script>alert("x")</script><img src=x onerror=alert(1)> " onmouseover="alert(4)';
    const ids = await seedHistory(world, evil);
    await world.database.store.db
      .insertInto('digests')
      .values({
        id: crypto.randomUUID(),
        channel_id: ids.channelId,
        period_key: '2026-W48',
        content: JSON.stringify({ sections: { shipped: [{ text: evil, link: 'javascript:alert(5)' }] } }),
        message_id: null,
      })
      .execute();
    const paths = [
      '/dashboard',
      `/dashboard/channels/${encodeURIComponent(ids.channelId)}`,
      `/dashboard/specs/${ids.specId}`,
      `/dashboard/executions/${ids.executionId}`,
      '/dashboard/digests',
      '/dashboard/pulls',
      '/dashboard/pulls/local/widgets/1',
    ];
    for (const path of paths) {
      const { status, html } = await page(path);
      expect(status, path).toBe(200);
      expect(html, path).not.toMatch(/<script|<img|"\s*onmouseover=|javascript:/i);
    }
    expect((await page('/dashboard/digests')).html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
    );
    expect((await page('/dashboard/pulls/local/widgets/1')).html).toContain('&lt;/pre&gt;&lt;script&gt;');
  });
});

import pino from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import { createGitHubCodeHost } from '../../../adapters/github/index.ts';
import { rememberBounded } from '../../../src/pipeline/remember.ts';
import { FakeGitHub } from '../../fakes/github/index.ts';
import { engineUnderTest } from '../../helpers/database.ts';
import { events, person } from '../../helpers/pipeline.ts';
import { waitFor } from '../../helpers/wait.ts';
import { memoryRows, type Replica, requestSpec, startReplica } from './harness.ts';

let replica: Replica | undefined;
let github: FakeGitHub | undefined;
afterEach(async () => {
  await replica?.dispose();
  await github?.close();
  replica = undefined;
  github = undefined;
});

const AGENTS = [
  '# Agents',
  '',
  'Run `npm test` before pushing.',
  'Never edit generated files in dist/.',
].join('\n');
const draftPrompts = (r: Replica) =>
  r.model.prompts.filter((p) => p.includes('You write a scoped specification'));

describe(`memory sources and bound (${engineUnderTest()})`, () => {
  test("the repository's first spec remembers its AGENTS.md conventions, once; forgotten, they stay forgotten", async () => {
    github = await FakeGitHub.start();
    await github.createRepo('acme/widgets', {
      files: { 'AGENTS.md': AGENTS, 'src/upload.ts': 'export {}\n' },
    });
    const codeHost = createGitHubCodeHost({
      token: github.token,
      apiUrl: github.url,
      logger: pino({ level: 'silent' }),
    });
    replica = await startReplica({ codeHost });
    await requestSpec(replica, 'retry failed uploads');
    const conventions =
      'Conventions of acme/widgets (AGENTS.md): # Agents / Run `npm test` before pushing. / Never edit generated files in dist/.';
    expect(await memoryRows(replica)).toEqual([
      expect.objectContaining({
        scope: 'repo',
        scope_id: 'acme/widgets',
        kind: 'convention',
        text: conventions,
      }),
    ]);
    expect(draftPrompts(replica)[0]).toContain(
      `What this team decided before (most relevant first):\n- ${conventions}`,
    );

    await requestSpec(replica, 'show upload progress');
    expect(await memoryRows(replica)).toHaveLength(1);
    const id = (await memoryRows(replica))[0]?.id.slice(0, 8) ?? '';
    expect(await replica.command('forget', id)).toMatch(/^Forgot /);
    await requestSpec(replica, 'compress uploads');
    expect(await memoryRows(replica)).toEqual([]);
    expect(draftPrompts(replica).at(-1)).not.toContain('Conventions of acme/widgets');
  });

  test('each scope keeps at most CODECOT_MEMORY_LIMIT items: the oldest go', async () => {
    replica = await startReplica();
    const deps = { db: replica.store.db, memoryLimit: 3 };
    const merged = (repo: string, n: number) => ({
      scope: 'repo' as const,
      scopeId: repo,
      kind: 'decision',
      text: `Merged: change ${n}`,
      source: `pull_request:${repo}#${n}`,
    });
    for (const n of [1, 2, 3, 4, 5]) await rememberBounded(deps, merged('acme/widgets', n));
    await rememberBounded(deps, merged('acme/other', 1));
    const rows = await memoryRows(replica);
    expect(rows.filter((r) => r.scope_id === 'acme/widgets').map((r) => r.text)).toEqual([
      'Merged: change 3',
      'Merged: change 4',
      'Merged: change 5',
    ]);
    expect(rows.filter((r) => r.scope_id === 'acme/other')).toHaveLength(1);
  });

  test('the approval path applies the configured bound too', async () => {
    replica = await startReplica({ env: { CODECOT_MEMORY_LIMIT: '1' } });
    for (const text of ['retry failed uploads', 'retry uploads again']) {
      const { spec } = await requestSpec(replica, text);
      const before = (await memoryRows(replica)).map((r) => r.id);
      await replica.sink(events.reaction(person('UA'), spec.ref, 'white_check_mark'));
      await waitFor(async () => {
        const now = (await memoryRows(replica!)).map((r) => r.id);
        return now.length === 1 && now[0] !== before[0];
      });
    }
    expect(await memoryRows(replica)).toHaveLength(1);
  });
});

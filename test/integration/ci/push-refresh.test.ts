import { afterAll, beforeAll, expect, test } from 'vitest';
import { pushEvent, runGit } from '../../fakes/github/index.ts';
import { scriptedAgent } from '../../helpers/scripted-agent.ts';
import { waitFor } from '../../helpers/wait.ts';
import { authFor, managerOn } from '../workspace/testbed.ts';
import { type CiWorld, REPO, SECRET, startCiWorld } from './world.ts';

// A push webhook to the default branch refreshes the mirror in the background (nothing is stored), so
// the next execution finds it current and skips the fetch.
let world: CiWorld;
let mirrorTip: () => Promise<string>;

beforeAll(async () => {
  world = await startCiWorld({ agent: scriptedAgent([]) });
  // The mirror a first execution would leave behind, made the way run-execution makes it.
  const manager = managerOn(world.dataDir, undefined, false);
  const auth = authFor(world.github.token);
  const api = await fetch(`${world.github.url}/repos/${REPO}`, {
    headers: { authorization: `token ${world.github.token}` },
  });
  const cloneUrl = ((await api.json()) as { clone_url: string }).clone_url;
  await manager.remove(
    await manager.prepare({
      repo: REPO,
      cloneUrl,
      auth,
      baseBranch: 'main',
      branch: 'codecot/w',
      executionId: 'w',
    }),
  );
  mirrorTip = () =>
    runGit(['--git-dir', `${world.dataDir}/mirrors/${REPO}.git`, 'rev-parse', 'refs/heads/main']);
});
afterAll(async () => world?.dispose());

const storedEvents = async () =>
  (await world.codecot.store.db.selectFrom('inbound_events').select('id').execute()).length;

test('a push to the default branch is acknowledged, stores nothing, and brings the mirror to the new tip', async () => {
  const before = (await world.github.branchSha(REPO, 'main')) ?? '';
  const after = await world.github.pushFiles(REPO, 'main', { 'NEWS.md': 'pushed\n' });
  expect(await mirrorTip()).toBe(before);
  const stored = await storedEvents();
  const response = await world.webhook(
    'push',
    pushEvent({ repo: REPO, ref: 'refs/heads/main', before, after }),
    {
      secret: SECRET,
      deliveryId: 'push-1',
    },
  );
  expect(response.status).toBe(200);
  await waitFor(async () => (await mirrorTip()) === after, 20_000);
  expect(await storedEvents()).toBe(stored);
});

test('pushes to other branches and deleted refs are ignored with the reason', async () => {
  const tip = await mirrorTip();
  const sha = await world.github.pushFiles(REPO, 'feature', { 'F.md': 'f\n' }, { from: 'main' });
  const other = await world.webhook(
    'push',
    pushEvent({ repo: REPO, ref: 'refs/heads/feature', before: tip, after: sha }),
    { secret: SECRET, deliveryId: 'push-2' },
  );
  expect(other.status).toBe(202);
  expect(JSON.parse(other.body).ignored).toBe('push to refs/heads/feature');
  const deleted = await world.webhook(
    'push',
    pushEvent({ repo: REPO, ref: 'refs/heads/main', before: tip, after: '0'.repeat(40), deleted: true }),
    { secret: SECRET, deliveryId: 'push-3' },
  );
  expect(deleted.status).toBe(202);
  expect(JSON.parse(deleted.body).ignored).toBe('a deleted ref');
});

test('a push without the fields Codecot reads is malformed: 400 with the reason', async () => {
  const response = await world.webhook(
    'push',
    { ref: 'refs/heads/main', repository: { full_name: REPO } },
    { secret: SECRET, deliveryId: 'push-4' },
  );
  expect(response.status).toBe(400);
  expect(JSON.parse(response.body).error).toMatch(/malformed push payload: after/);
});

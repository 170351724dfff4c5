import { afterEach, describe, expect, test } from 'vitest';
import { refFromKeys } from '../../../src/domain/chat.ts';
import { scriptedAgent } from '../../helpers/scripted-agent.ts';
import { waitFor } from '../../helpers/wait.ts';
import {
  ciMessage,
  firstChange,
  fixChange,
  iterationIn,
  passCi,
  react,
  repoFiles,
  requestAndApprove,
  runs,
} from './scenario.ts';
import { type CiWorld, REPO, startCiWorld } from './world.ts';

let world: CiWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

const statusTexts = (w: CiWorld) => w.chat.updates.map((u) => u.message.text);
const CHECK_RUNS = /^GET \/repos\/acme\/widgets\/commits\/[0-9a-f]{40}\/check-runs$/;

describe('GitHub API failures: a clear thread message and a job that tries again', {
  timeout: 120_000,
}, () => {
  test('a rate limit while polling CI is told once, waited out as GitHub asked, then CI is reported', async () => {
    world = await startCiWorld({ agent: scriptedAgent([{ files: firstChange }]), files: repoFiles });
    const w = world;
    await requestAndApprove(w, 'add a mul function');
    const first = await iterationIn(w, 1, 'ci-pending');
    w.github.rateLimitNext(CHECK_RUNS, { kind: 'secondary', retryAfterSeconds: 2, times: 2 });
    passCi(w, first);
    await ciMessage(w, /^CI passed on pull request #1$/);
    const told = w.chat.texts().filter((t) => t.includes('I could not read the CI results'));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/GitHub rate-limited the request to read the checks .* \(403\).*next try in 2 s/);
    const limited = w.github.requests.filter(
      (r) => CHECK_RUNS.test(`${r.method} ${r.path}`) && r.status === 403,
    );
    expect(limited).toHaveLength(2);
    await iterationIn(w, 1, 'succeeded');
  });

  test('a rate limit before the run starts is waited out: the status says when, then the run goes on', async () => {
    world = await startCiWorld({ agent: scriptedAgent([{ files: firstChange }]), files: repoFiles });
    const w = world;
    w.github.rateLimitNext('GET /repos/acme/widgets', { kind: 'primary', retryAfterSeconds: 2 });
    await requestAndApprove(w, 'add a mul function');
    await iterationIn(w, 1, 'ci-pending');
    expect(statusTexts(w).join('\n')).toMatch(
      /GitHub rate-limited the request to look up the repository acme\/widgets \(403\).* I will start again in \d s\./,
    );
    expect(w.github.pulls(REPO)).toHaveLength(1);
  });

  test('a 401 fails the run in plain words; 🔁 on its status message runs it again', async () => {
    const agent = scriptedAgent([{ files: firstChange }, { files: fixChange }]);
    world = await startCiWorld({ agent, files: repoFiles, env: { CODECOT_CI_GRACE_SECONDS: '2' } });
    const w = world;
    w.github.failNext('GET /repos/acme/widgets', { status: 401 });
    await requestAndApprove(w, 'add a mul function');
    const failed = await iterationIn(w, 1, 'failed');
    const last = statusTexts(w).at(-1) ?? '';
    expect(last).toMatch(
      /Failed: GitHub refused to look up the repository acme\/widgets \(401\): Bad credentials\./,
    );
    expect(last).toMatch(
      /The token is invalid, expired or revoked: check GITHUB_TOKEN \(or the GitHub App settings\)\. React :repeat: here to try again\./,
    );
    expect(agent.tasks).toHaveLength(0);

    const status = (
      await w.codecot.store.db
        .selectFrom('executions')
        .select('status_message_id')
        .where('id', '=', failed.id)
        .executeTakeFirstOrThrow()
    ).status_message_id as string;
    await react(w, refFromKeys(status), 'repeat');
    const retried = await iterationIn(w, 2, 'succeeded', 60_000);
    expect(retried.trigger).toBe('retry');
    expect(w.github.pulls(REPO)).toHaveLength(1);
    // The report may land just after the state moves: wait for it rather than racing it.
    await waitFor(() => w.chat.texts().some((t) => t.startsWith('No CI on pull request #1')));
    expect((await runs(w)).map((r) => r.state)).toEqual(['failed', 'succeeded']);
    await waitFor(() => agent.tasks.length === 1);
    expect(agent.tasks[0]?.feedback).toMatch(/The previous iteration did not finish: GitHub refused/);
  });
});

import { afterEach, describe, expect, test } from 'vitest';
import { scriptedAgent } from '../../helpers/scripted-agent.ts';
import { waitFor } from '../../helpers/wait.ts';
import { type ExecutionWorld, startExecutionWorld } from './harness.ts';

let world: ExecutionWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

const repo = {
  'package.json': JSON.stringify({ name: 'widgets', type: 'module', scripts: { test: 'node --test' } }),
  'test/ok.test.js': "import { test } from 'node:test';\ntest('ok', () => {});\n",
};
const overlaps = (spans: { start: number; end: number }[]) =>
  spans.some((a, i) => spans.some((b, j) => i !== j && a.start < b.end && b.start < a.end));

async function twoRuns(perRepo: string) {
  const agent = scriptedAgent([{ files: { 'a.txt': 'change\n' }, delayMs: 2_500 }]);
  world = await startExecutionWorld(agent, repo, {
    CODECOT_MAX_EXECUTIONS: '2',
    CODECOT_MAX_EXECUTIONS_PER_REPO: perRepo,
  });
  await world.requestAndApprove('first change');
  await world.requestAndApprove('second change');
  await waitFor(
    async () => (await world!.executions()).filter((e) => e.state === 'succeeded').length === 2,
    90_000,
    200,
  );
  return agent.spans;
}

describe('execution limits', { timeout: 150_000 }, () => {
  test('one repository runs one execution at a time by default; the limit is what prevents overlap', async () => {
    expect(overlaps(await twoRuns('1'))).toBe(false);
    await world?.dispose();
    world = undefined;
    expect(overlaps(await twoRuns('2'))).toBe(true);
  });
});

describe('/codecot cancel', { timeout: 120_000 }, () => {
  test('an approver cancels the run in progress in the channel', async () => {
    world = await startExecutionWorld(scriptedAgent([{ command: 'sleep 60' }]), repo);
    await world.requestAndApprove('a slow change');
    await waitFor(async () => (await world!.executions())[0]?.state === 'agent', 60_000);
    const { handleCommand } = await import('../../../src/pipeline/handle-command.ts');
    const reply = await handleCommand(
      { db: world.database.store.db, defaults: { approvers: ['slack:UA'], repo: 'acme/widgets' } },
      {
        type: 'command',
        eventId: 'slack:cmd:cancel',
        channel: { platform: 'slack', workspaceId: 'T1', channelId: 'C1' },
        user: { id: 'slack:UA', name: 'a', trust: 'trusted', isBot: false },
        subcommand: 'cancel',
        args: '',
      },
    );
    expect(reply).toMatch(/Cancelling/);
    await waitFor(async () => (await world!.executions())[0]?.state === 'cancelled', 20_000);
    expect(world.github.pulls('acme/widgets')).toHaveLength(0);
    const notApprover = await handleCommand(
      { db: world.database.store.db, defaults: { approvers: ['slack:UA'], repo: 'acme/widgets' } },
      {
        type: 'command',
        eventId: 'slack:cmd:cancel2',
        channel: { platform: 'slack', workspaceId: 'T1', channelId: 'C1' },
        user: { id: 'slack:UZ', name: 'z', trust: 'trusted', isBot: false },
        subcommand: 'cancel',
        args: '',
      },
    );
    expect(notApprover).toMatch(/Only this channel's approvers/);
  });
});

// Child process for two-processes.test.ts: once told to go (a line on stdin), prepares one workspace on a
// shared data dir and prints it, so several processes can start their prepares at the same moment.
import { once } from 'node:events';
import { createGitWorkspaces } from '../../../adapters/git-workspace/index.ts';
import { createLogger } from '../../../src/logger.ts';
import { gitBasicAuthHeader } from '../../fakes/github/index.ts';

const [dataDir = '', cloneUrl = '', executionId = ''] = process.argv.slice(2);
const manager = createGitWorkspaces({ dataDir, logger: createLogger('silent') });
process.stdout.write('ready\n');
await once(process.stdin, 'data');
const workspace = await manager.prepare({
  repo: 'acme/widgets',
  cloneUrl,
  auth: { configArgs: ['-c', `http.extraHeader=${gitBasicAuthHeader(process.env.FAKE_TOKEN ?? '')}`] },
  baseBranch: 'main',
  branch: `codecot/${executionId}`,
  executionId,
});
await manager.idle();
process.stdout.write(`${JSON.stringify(workspace)}\n`);
process.exit(0);

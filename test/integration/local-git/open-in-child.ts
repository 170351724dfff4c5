// Opens one pull request from a separate process, so the test can race processes on one repository.
// It says "ready" once loaded and waits for a line on stdin, so every child starts the race at once.
import { once } from 'node:events';
import { createLocalGitCodeHost } from '../../../adapters/local-git/index.ts';
import { createLogger } from '../../../src/logger.ts';

const [root = '', repo = '', head = ''] = process.argv.slice(2);
const host = createLocalGitCodeHost({ root, logger: createLogger('silent') });
process.stdout.write('ready\n');
await once(process.stdin, 'data');
const pull = await host.openPullRequest({
  repo,
  head,
  base: 'main',
  title: head,
  body: 'from a child',
  draft: false,
});
process.stdout.write(`${JSON.stringify(pull)}\n`);
process.stdin.destroy();

// Child process for lock-file.test.ts: takes the lock, says so, and releases it when stdin closes.
import { acquireLockFile } from '../../../adapters/git-workspace/lock-file.ts';

const held = await acquireLockFile(process.argv[2] ?? '');
process.stdout.write('held\n');
process.stdin.on('end', async () => {
  await held.release();
  process.stdout.write('released\n');
  process.exit(0);
});
process.stdin.resume();

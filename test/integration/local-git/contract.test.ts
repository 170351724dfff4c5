import { codeHostContract } from '../../contract/code-host.contract.ts';
import { localGitHarness } from './harness.ts';

codeHostContract('local-git (real bare repositories)', localGitHarness);

import { codeHostContract } from '../../contract/code-host.contract.ts';
import { githubHarness } from './harness.ts';

codeHostContract('github (real Octokit against the fake GitHub)', githubHarness);

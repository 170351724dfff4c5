import { codeHostContract } from '../../contract/code-host.contract.ts';
import { githubAppHarness } from './app-harness.ts';

// The whole CodeHost contract (clone, push, pull requests, drafts through GraphQL, comments) with only
// installation tokens: the fake refuses the personal token.
codeHostContract(
  'github as a GitHub App (Octokit + @octokit/auth-app against the fake GitHub)',
  githubAppHarness,
);

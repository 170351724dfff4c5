/**
 * Where the adapter gets its token. A personal or fine-grained token is static; a GitHub App's installation
 * token expires after an hour, so everything asks the provider each time instead of keeping a string.
 * `repo` (`owner/name`) is the repository the token is for, when there is one: an App's installation
 * depends on it.
 */
export type TokenProvider = (repo?: string) => Promise<string>;

export const staticToken =
  (token: string): TokenProvider =>
  async () =>
    token;

/** The Basic credential GitHub accepts from git for any token kind (username `x-access-token`). */
export function basicCredential(token: string): string {
  return Buffer.from(`x-access-token:${token}`).toString('base64');
}

/**
 * `-c http.extraHeader=...` keeps the token out of the clone URL, out of `.git/config` and out of git's
 * own error messages (which quote the URL), the way actions/checkout does.
 */
export function gitAuthArgs(token: string): string[] {
  return ['-c', `http.extraHeader=Authorization: Basic ${basicCredential(token)}`];
}

/** Every form the token travels in, so redaction catches it even where no pattern matches. */
export function secretForms(token: string): string[] {
  return [token, basicCredential(token), `x-access-token:${token}`];
}

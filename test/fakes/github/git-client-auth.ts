/**
 * The header value for `git -c http.extraHeader=...` that authenticates with a token the way
 * actions/checkout does (Basic, username x-access-token), keeping the token out of URLs and .git/config.
 */
export function gitBasicAuthHeader(token: string): string {
  return `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
}

import { CodecotError } from '../../src/errors.ts';

/** A host and port the sandbox may reach through the proxy, written `host:port` in lower case. */
export type AllowRule = string;

const HOST_PORT =
  /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::(\d{1,5}))?$/;

function split(target: string): { host: string; port: string | undefined } | undefined {
  const match = HOST_PORT.exec(
    target
      .trim()
      .toLowerCase()
      .replace(/\.(?=:|$)/, ''),
  );
  if (!match) return undefined;
  const port = match[2];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) return undefined;
  return { host: match[1]!, port };
}

/**
 * Turns `allowHosts` entries into exact rules: `api.openai.com` allows ports 443 and 80,
 * `host:8443` only that port. No wildcards, schemes or paths: a rule names one endpoint, so
 * what an agent can reach is exactly what the operator wrote down.
 */
export function parseAllowHosts(entries: readonly string[]): Set<AllowRule> {
  const rules = new Set<AllowRule>();
  for (const entry of entries) {
    const parsed = split(entry);
    if (!parsed) {
      throw new CodecotError(
        'sandbox_error',
        `invalid allowHosts entry ${JSON.stringify(entry)}: use host or host:port`,
      );
    }
    const ports = parsed.port === undefined ? ['443', '80'] : [parsed.port];
    for (const port of ports) rules.add(`${parsed.host}:${port}`);
  }
  return rules;
}

/** The endpoint a proxy request names: `host:port` for CONNECT, an absolute `http://` URL otherwise. */
export function targetOf(method: string, url: string): { host: string; port: number } | undefined {
  if (method === 'CONNECT') {
    const parsed = split(url);
    return parsed?.port === undefined ? undefined : { host: parsed.host, port: Number(parsed.port) };
  }
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' || parsed.username || parsed.password) return undefined;
    return { host: parsed.hostname.toLowerCase(), port: Number(parsed.port || '80') };
  } catch {
    return undefined;
  }
}

export function isAllowed(rules: ReadonlySet<AllowRule>, target: { host: string; port: number }): boolean {
  return rules.has(`${target.host}:${target.port}`);
}

/** A bracketed IPv6 host as `net.connect` wants it. */
export const connectHost = (host: string): string => host.replace(/^\[(.*)\]$/, '$1');

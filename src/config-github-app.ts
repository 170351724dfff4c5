import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

// The GitHub App part of the configuration: src/config.ts validates the variables' shapes and hands
// them here for the checks that need more than a shape (one key source, a readable RSA key).

/** The validated GITHUB_APP_* variables (and GITHUB_TOKEN, which excludes them). */
export interface AppEnv {
  GITHUB_TOKEN?: string | undefined;
  GITHUB_APP_ID?: string | undefined;
  GITHUB_APP_PRIVATE_KEY?: string | undefined;
  GITHUB_APP_PRIVATE_KEY_FILE?: string | undefined;
  GITHUB_APP_INSTALLATION_ID?: number | undefined;
}

export interface GitHubAppConfig {
  readonly appId: string;
  /** The App's private key, PEM (escaped `\\n` already turned into line breaks). */
  readonly privateKey: string;
  /** Unset: each repository's installation is looked up (`GET /repos/{owner}/{repo}/installation`). */
  readonly installationId: number | undefined;
}

/** The GitHub App settings, complete and with a usable key, or undefined with the problems noted. */
export function gitHubAppOf(e: AppEnv, problems: string[]): GitHubAppConfig | undefined {
  const keySources = [e.GITHUB_APP_PRIVATE_KEY, e.GITHUB_APP_PRIVATE_KEY_FILE].filter(Boolean).length;
  if (!e.GITHUB_APP_ID) {
    if (keySources > 0 || e.GITHUB_APP_INSTALLATION_ID !== undefined)
      problems.push('GITHUB_APP_ID: required when other GITHUB_APP_* variables are set');
    return undefined;
  }
  if (e.GITHUB_TOKEN) problems.push('GITHUB_TOKEN: set either GITHUB_TOKEN or GITHUB_APP_ID, not both');
  if (keySources !== 1) {
    problems.push(
      keySources === 0
        ? 'GITHUB_APP_PRIVATE_KEY: required with GITHUB_APP_ID (or GITHUB_APP_PRIVATE_KEY_FILE, a path)'
        : 'GITHUB_APP_PRIVATE_KEY: set it or GITHUB_APP_PRIVATE_KEY_FILE, not both',
    );
    return undefined;
  }
  const privateKey = readPrivateKey(e, problems);
  if (!privateKey) return undefined;
  return { appId: e.GITHUB_APP_ID, privateKey, installationId: e.GITHUB_APP_INSTALLATION_ID };
}

/** Reads and checks the PEM; a problem names the variable and the cause, never the key's content. */
function readPrivateKey(e: AppEnv, problems: string[]): string | undefined {
  const variable = e.GITHUB_APP_PRIVATE_KEY ? 'GITHUB_APP_PRIVATE_KEY' : 'GITHUB_APP_PRIVATE_KEY_FILE';
  let pem: string;
  try {
    pem = e.GITHUB_APP_PRIVATE_KEY ?? readFileSync(e.GITHUB_APP_PRIVATE_KEY_FILE ?? '', 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    problems.push(`${variable}: cannot read ${e.GITHUB_APP_PRIVATE_KEY_FILE} (${code})`);
    return undefined;
  }
  // Env files often carry the PEM on one line with literal \n escapes.
  pem = `${pem.replace(/\\n/g, '\n').trim()}\n`;
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType === 'rsa') return pem;
    problems.push(`${variable}: expected the App's RSA private key, got a ${key.asymmetricKeyType} key`);
  } catch {
    problems.push(`${variable}: not a PEM private key (download one from the App's settings page)`);
  }
  return undefined;
}

/** The PEM, its base64 body on one line and each line of it, however a dump or an error shows it. */
export function privateKeyForms(pem: string | undefined): string[] {
  if (!pem) return [];
  const lines = pem.split('\n').filter((line) => line && !line.startsWith('-----'));
  return [pem, pem.trim(), lines.join(''), ...lines];
}

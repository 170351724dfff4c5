import { createPublicKey, type KeyObject, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { jwtRefusal } from './app-jwt.ts';
import { type AuthCheck, checkAuthorization } from './auth.ts';

export interface FakeAppOptions {
  /** The App ID, the `iss` its JWTs must carry. */
  id: number;
  /** The App's public key (PEM or KeyObject); the test holds the private half. */
  publicKey: string | KeyObject;
  slug?: string;
  /** Lifetime of the installation tokens it issues; GitHub's hour by default. */
  tokenLifetimeSeconds?: number;
}

export interface FakeInstallation {
  id: number;
  account: string;
  /** `owner/name` of each repository the installation covers. */
  repositories: string[];
}

export interface IssuedToken {
  token: string;
  installationId: number;
  expiresAtMs: number;
}

/** Requests authenticated with the App's JWT rather than a token. */
const JWT_ROUTE = /^(\/app(\/.*)?|\/repos\/[^/]+\/[^/]+\/installation)$/;
/** The repository a REST (`/repos/o/r/...`) or git (`/git/o/r.git/...`) path is about. */
const REPO_PATH = /^\/(?:repos|git)\/([^/]+)\/([^/]+?)(?:\.git)?(?:\/|$)/;

/** A GitHub App on the fake: checks its JWTs, issues installation tokens scoped to their repositories. */
export class FakeApp {
  readonly id: number;
  readonly slug: string;
  /** Settable while running, so a test can make the next tokens expire soon. */
  tokenLifetimeSeconds: number;
  readonly installations = new Map<number, FakeInstallation>();
  /** Every installation token issued, oldest first. */
  readonly issued: IssuedToken[] = [];
  /** Why each refused JWT was refused, in order (`bad signature`, `iss 7 is not the App ID`...). */
  readonly jwtRefusals: string[] = [];
  readonly #publicKey: KeyObject;

  constructor(options: FakeAppOptions) {
    this.id = options.id;
    this.slug = options.slug ?? 'codecot-test';
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
    this.#publicKey =
      typeof options.publicKey === 'string' ? createPublicKey(options.publicKey) : options.publicKey;
  }

  install(installation: FakeInstallation): void {
    this.installations.set(installation.id, installation);
  }

  installationFor(fullName: string): FakeInstallation | undefined {
    const wanted = fullName.toLowerCase();
    return [...this.installations.values()].find((installation) =>
      installation.repositories.some((repo) => repo.toLowerCase() === wanted),
    );
  }

  issueToken(installationId: number): IssuedToken {
    // GitHub's older installation token shape; no redaction pattern knows it, so only registration masks it.
    const token = `v1.${randomBytes(20).toString('hex')}`;
    const issued = { token, installationId, expiresAtMs: Date.now() + this.tokenLifetimeSeconds * 1000 };
    this.issued.push(issued);
    return issued;
  }

  isExpired(token: string): boolean {
    const issued = this.issued.find((candidate) => candidate.token === token);
    return issued !== undefined && issued.expiresAtMs <= Date.now();
  }

  /**
   * The App's say on a request: JWT routes accept only a valid JWT; elsewhere an unexpired installation
   * token covering the path's repository passes. Undefined leaves the request to the personal token check.
   */
  authorize(path: string, headers: IncomingHttpHeaders): AuthCheck | undefined {
    if (JWT_ROUTE.test(path)) return this.#checkJwt(headers);
    const [, owner, name] = REPO_PATH.exec(path) ?? [];
    const check = checkAuthorization(
      headers,
      this.#validTokens(owner && name ? `${owner}/${name}` : undefined),
    );
    return check.authorized ? check : undefined;
  }

  #checkJwt(headers: IncomingHttpHeaders): AuthCheck {
    const [scheme = '', jwt = ''] = (headers.authorization ?? '').trim().split(/\s+/);
    const refusal =
      scheme.toLowerCase() === 'bearer'
        ? jwtRefusal(jwt, this.#publicKey, String(this.id))
        : `${scheme || 'no'} credential instead of a JWT`;
    if (refusal) this.jwtRefusals.push(refusal);
    return { style: scheme ? 'bearer' : 'none', authorized: refusal === undefined };
  }

  #validTokens(repo: string | undefined): Set<string> {
    const now = Date.now();
    const covering = repo ? this.installationFor(repo)?.id : undefined;
    return new Set(
      this.issued
        .filter(
          (issued) => issued.expiresAtMs > now && (repo === undefined || issued.installationId === covering),
        )
        .map((issued) => issued.token),
    );
  }
}

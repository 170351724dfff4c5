/**
 * Canonical code host events: adapters turn webhook payloads (GitHub's check_suite, check_run, status,
 * pull_request, deployment_status, push) into these at the edge, so the core never sees a platform payload.
 */
interface Base {
  /** Canonical delivery id, `github:<X-GitHub-Delivery>`; a redelivery carries the same one. */
  eventId: string;
  /** `owner/name` */
  repo: string;
  /**
   * SHA-256 of the signed body. GitHub redelivers under the same delivery id; the same body under another
   * id is a captured delivery replayed, refused.
   */
  bodyDigest?: string;
}

export type CodeHostEvent =
  /** CI finished something for a commit; Codecot reads every check of it before it says anything. */
  | (Base & { type: 'checks_completed'; sha: string; prNumbers: number[] })
  | (Base & {
      type: 'pull_request_closed';
      number: number;
      merged: boolean;
      /** Login of whoever merged or closed it. */
      closedBy: string | null;
      title: string;
    })
  | (Base & {
      type: 'deployment_status';
      sha: string;
      environment: string;
      /** Where the deployed preview lives; events without one are not worth a message. */
      url: string | null;
      state: string;
    })
  /**
   * The default branch moved. Only a hint, never stored or queued: the mirror of it is fetched in the
   * background so the next execution finds it current. Lost or repeated, only speed changes.
   */
  | (Base & { type: 'branch_pushed'; branch: string; sha: string });

export type CodeHostEventType = CodeHostEvent['type'];

/** What the core answers: accepted (stored and queued), a redelivery, or ignored with the reason. */
export type CodeHostEventResult =
  | { status: 'accepted' }
  | { status: 'duplicate' }
  /** The same signed body arrived before under another delivery id (`of`): nothing is stored. */
  | { status: 'replayed'; of: string }
  | { status: 'ignored'; reason: string };

/** Receives every verified, parsed code host event; persists and enqueues before it returns. */
export type CodeHostEventSink = (event: CodeHostEvent) => Promise<CodeHostEventResult>;

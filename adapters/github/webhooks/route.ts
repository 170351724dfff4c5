import { createHash } from 'node:crypto';
import type { Webhooks } from '@octokit/webhooks';
import type { CodeHostEventSink } from '../../../src/domain/code-host-events.ts';
import { type RouteHandler, sendJson } from '../../../src/http/server.ts';
import type { Logger } from '../../../src/logger.ts';
import { parseJson, readRawBody, singleHeader } from './body.ts';
import { parseDelivery } from './parse.ts';

export interface RouteOptions {
  webhooks: Webhooks;
  sink: CodeHostEventSink;
  logger: Logger;
}

/**
 * `POST /github/webhooks`. Order matters: the signature (`X-Hub-Signature-256`, HMAC of the raw bytes)
 * is checked before anything is parsed, so a forged or unsigned request gets 401 and nothing is
 * stored; a signed body that is not a usable payload gets 400; events for repositories or pull requests
 * Codecot does not know get 202 and are dropped; the rest are stored and queued before the 200. A body
 * seen before under another delivery id is a captured delivery replayed: 401, nothing stored.
 */
export function webhookHandler(options: RouteOptions): RouteHandler {
  const { logger } = options;
  return async (req, res) => {
    const raw = await readRawBody(req);
    if (raw === null) {
      // The rest of the body is never read, so this connection cannot carry another request.
      res.setHeader('connection', 'close');
      return sendJson(res, 413, { error: 'payload too large' });
    }
    const signature = singleHeader(req, 'x-hub-signature-256');
    const valid = signature ? await options.webhooks.verify(raw, signature).catch(() => false) : false;
    if (!valid) {
      logger.warn({ signed: Boolean(signature) }, 'github webhook refused: signature check failed');
      return sendJson(res, 401, { error: signature ? 'signature does not match' : 'signature missing' });
    }
    const name = singleHeader(req, 'x-github-event');
    const delivery = singleHeader(req, 'x-github-delivery');
    if (!name || !delivery)
      return sendJson(res, 400, { error: 'X-GitHub-Event and X-GitHub-Delivery are required' });
    const json = parseJson(raw);
    if (!json.ok) return sendJson(res, 400, { error: json.reason });
    if (name === 'ping') return sendJson(res, 200, { ok: true, pong: true });
    const parsed = parseDelivery(name, delivery, json.value);
    if (parsed.kind === 'malformed') {
      logger.warn({ event: name, delivery, reason: parsed.reason }, 'github webhook malformed');
      return sendJson(res, 400, { error: `malformed ${name} payload: ${parsed.reason}` });
    }
    if (parsed.kind === 'ignored') return sendJson(res, 202, { ignored: parsed.reason });
    const bodyDigest = createHash('sha256').update(raw).digest('hex');
    const result = await options.sink({ ...parsed.event, bodyDigest });
    if (result.status === 'ignored') return sendJson(res, 202, { ignored: result.reason });
    if (result.status === 'replayed') {
      logger.warn({ event: name, delivery, of: result.of }, 'github webhook refused: a replayed body');
      return sendJson(res, 401, { error: `a replay of delivery ${result.of}` });
    }
    logger.debug({ event: name, delivery, status: result.status }, 'github webhook accepted');
    return sendJson(res, 200, { ok: true, ...(result.status === 'duplicate' ? { duplicate: true } : {}) });
  };
}

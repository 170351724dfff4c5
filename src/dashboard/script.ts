import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';

/** The dashboard's one script: the execution page's live log (read once; it is part of the release). */
const LIVE_LOG = readFileSync(join(import.meta.dirname, 'static', 'live-log.js'), 'utf8');

export function sendLiveLogScript(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/javascript; charset=utf-8',
    'content-length': Buffer.byteLength(LIVE_LOG),
    'x-content-type-options': 'nosniff',
    'cache-control': 'max-age=300',
  });
  res.end(LIVE_LOG);
}

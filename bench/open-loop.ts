// Worker thread of the Slack acknowledgement benchmark: sends signed Events API requests on a fixed
// schedule (open loop: a request never waits for an earlier one) and reports each one's latency.
// In its own thread, so the servers under test do not delay the schedule or the clock readings.
import { Agent, request } from 'node:http';
import { parentPort } from 'node:worker_threads';
import { signSlackRequest } from '../test/fakes/slack/signing.ts';

export interface LoadSegment {
  url: string;
  bodies: string[];
  ratePerSecond: number;
  signingSecret: string;
}

export interface SegmentResult {
  /** Milliseconds from the moment each request was sent to the end of its response. */
  latenciesMs: number[];
  /** Requests that did not end in 200, or failed to connect. */
  failures: number;
  /** How far behind its schedule the latest request was sent, at worst. */
  maxSendLagMs: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

function send(url: URL, body: string, signingSecret: string): Promise<{ ms: number; ok: boolean }> {
  const headers = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...signSlackRequest({ body, signingSecret }),
  };
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: performance.now() - started, ok: res.statusCode === 200 }));
    });
    req.on('error', () => resolve({ ms: performance.now() - started, ok: false }));
    req.end(body);
  });
}

async function runSegment(segment: LoadSegment): Promise<SegmentResult> {
  const url = new URL(segment.url);
  const interval = 1_000 / segment.ratePerSecond;
  const start = performance.now();
  const pending: Promise<{ ms: number; ok: boolean }>[] = [];
  let maxSendLagMs = 0;
  for (const [i, body] of segment.bodies.entries()) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - due);
    pending.push(send(url, body, segment.signingSecret));
  }
  const results = await Promise.all(pending);
  return {
    latenciesMs: results.filter((r) => r.ok).map((r) => r.ms),
    failures: results.filter((r) => !r.ok).length,
    maxSendLagMs,
  };
}

parentPort?.on('message', (segment: LoadSegment) => {
  runSegment(segment).then((result) => parentPort?.postMessage(result));
});

/** A generated, realistic team channel: bursts of discussion separated by quiet, a few real requests. */
const PEOPLE = ['ada', 'bob', 'chen', 'dana', 'eli', 'fatima'];
const CHATTER = [
  'morning all',
  'lunch at 12:30?',
  'standup moved to 10',
  'anyone seen the flaky e2e run again',
  'the deploy went out fine',
  'I am reviewing the PR now',
  'thanks!',
  'let me check the logs',
  'I think the cache is stale again',
  'can we pair on this later today',
  'coffee break, back in 10',
  'the staging db is slow this morning',
  'merged, thanks for the review',
  'that sounds good to me',
  'I will be out tomorrow afternoon',
  'did the nightly build pass',
  'ok, looking into it now',
];
const REQUESTS = [
  [
    'the uploader gives up on the first network error',
    'we should retry uploads with exponential backoff',
    'agreed, 3 retries max',
  ],
  ['settings page needs a dark mode toggle', 'yes, store it per user', 'default to the system theme'],
  [
    'the CSV export drops rows with commas in them',
    'we need proper quoting in the export',
    'add a test with a comma in a name',
  ],
  [
    'login rate limiting is missing',
    'lock the account for 15 minutes after 5 failures',
    'and log it for security',
  ],
];

export interface GeneratedMessage {
  author: string;
  text: string;
  /** Seconds since the start of the conversation. */
  at: number;
}

/** Deterministic (seeded) so runs compare. */
export function generateConversation(count: number, seed = 42): GeneratedMessage[][] {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const bursts: GeneratedMessage[][] = [];
  let total = 0;
  let clock = 0;
  let request = 0;
  while (total < count) {
    const size = Math.min(count - total, 5 + Math.floor(random() * 35));
    const burst: GeneratedMessage[] = [];
    const withRequest = random() < 0.3 ? REQUESTS[request++ % REQUESTS.length] : undefined;
    for (let i = 0; i < size; i++) {
      clock += 5 + Math.floor(random() * 40);
      const line =
        withRequest && i < withRequest.length
          ? withRequest[i]
          : `${pick(CHATTER)}${random() < 0.4 ? `, ${pick(CHATTER)}` : ''}`;
      burst.push({ author: pick(PEOPLE), text: line as string, at: clock });
    }
    bursts.push(burst);
    total += size;
    clock += 600 + Math.floor(random() * 3_000);
  }
  return bursts;
}

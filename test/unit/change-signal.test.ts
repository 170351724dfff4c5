import { describe, expect, test } from 'vitest';
import { mayRequestChange } from '../../src/pipeline/change-signal.ts';

// Phrasings written independently of the benchmark's generator.
const requests = [
  'we should really validate the email field before submit',
  'can we add a --verbose flag to the CLI?',
  'the importer crashes when the file is empty',
  'login is broken on Safari since yesterday',
  'search results are wrong when the query has an apostrophe',
  'the report page needs a date filter',
  'please rename getUser to fetchUser everywhere',
  "let's cache the config instead of reading it on every request",
  'uploads time out on big files',
  'would be great if the bot posted a summary every Friday',
  'the nightly job fails on the first of the month',
  'there is no way to export as PDF, we need to support that',
];
const chatter = [
  'morning all',
  'lunch at 12:30?',
  'I am reviewing the PR now',
  'thanks, looks good to me',
  'coffee?',
  'standup moved to 10',
  'nice work on the release',
  'I will be out tomorrow afternoon',
  'can we pair on this later today',
  'did you see the game last night',
];

describe('change signals', () => {
  test.each(requests)('a request: %s', (text) => expect(mayRequestChange(text)).toBe(true));
  test.each(chatter)('chit-chat: %s', (text) => expect(mayRequestChange(text)).toBe(false));
});

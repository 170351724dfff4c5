import type { PlatformName } from './chat.ts';

/** The emoji Codecot understands, by meaning; platform spellings stop at this table. */
export type EmojiMeaning = 'approve' | 'reject' | 'summon' | 'repeat' | 'working' | 'done';

export const EMOJI: Readonly<Record<EmojiMeaning, Readonly<Record<PlatformName, string>>>> = {
  approve: { slack: 'white_check_mark', discord: '✅', local: '✅' },
  reject: { slack: 'x', discord: '❌', local: '❌' },
  summon: { slack: 'robot_face', discord: '🤖', local: '🤖' },
  repeat: { slack: 'repeat', discord: '🔁', local: '🔁' },
  working: { slack: 'hourglass_flowing_sand', discord: '⏳', local: '⏳' },
  done: { slack: 'tada', discord: '🎉', local: '🎉' },
};

export function emojiFor(meaning: EmojiMeaning, platform: PlatformName): string {
  return EMOJI[meaning][platform];
}

/** The meaning of a platform's emoji name, or undefined for any other emoji. */
export function meaningOf(platform: PlatformName, raw: string): EmojiMeaning | undefined {
  const bare = platform === 'slack' ? raw.replace(/::skin-tone-\d$/, '') : raw;
  for (const [meaning, names] of Object.entries(EMOJI) as [EmojiMeaning, Record<PlatformName, string>][]) {
    if (names[platform] === bare) return meaning;
  }
  if (platform === 'slack' && bare === 'heavy_check_mark') return 'approve';
  return undefined;
}

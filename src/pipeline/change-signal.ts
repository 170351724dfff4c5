/**
 * A cheap, local test for whether a chat message could be asking for a code change. Passive
 * listening only asks the model about quiet bursts where at least one message could: chit-chat costs
 * no tokens. The trade-off: a request phrased with none of these signals is not picked up passively
 * (a mention, `/codecot spec` or the summon emoji still work); `CODECOT_PASSIVE_PREFILTER=off` reads
 * every burst.
 */
const MODAL_THEN_CHANGE =
  /\b(should|shall we|need to|needs to|have to|has to|must|let'?s|can we|could we|can you|could you|please|want to|would like to|i'd like|it'd be nice to)\b[^.?!]{0,80}\b(add|fix|change|remove|delete|drop|support|implement|make|build|create|retry|handle|store|save|lock|log|quote|escape|update|upgrade|rename|refactor|allow|prevent|block|limit|cache|validate|show|hide|move|split|merge|replace|switch|enable|disable|expose|document|test)\b/i;
const NEEDS_SOMETHING =
  /\b(needs?|requires?|is missing|lacks?|there'?s no|we have no|doesn'?t have)\b\s+(a|an|the|proper|some|better|more|to)\b/i;
// Words of a defect report. Words that mostly come up in passing ("flaky", "error", "slow") are left
// out: alone they are not a request, and with a request form around them the other patterns match.
const DEFECT =
  /\b(bug|broken|breaks|crash(es|ed|ing)?|regression|fails?|failing|failed|drops?|dropping|loses?|losing|gives up|wrong|incorrect|missing|leak(s|ing)?|time(s)? ?out|hangs?|stuck)\b/i;
const FEATURE_WORDS = /\b(feature request|would be great if|wish (it|we) could|todo|to-do)\b/i;

export function mayRequestChange(text: string): boolean {
  return (
    MODAL_THEN_CHANGE.test(text) ||
    NEEDS_SOMETHING.test(text) ||
    DEFECT.test(text) ||
    FEATURE_WORDS.test(text)
  );
}

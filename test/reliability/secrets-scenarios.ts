import { specBody, stageAnswers } from '../helpers/pipeline.ts';
import { CONFIGURED, LOOKALIKES, plantedLines, plantedText } from './secrets-world.ts';

// What the fakes say in the secrets scenarios: a model that quotes what it read, an agent that prints it.

/** A model that, like a careless real one, copies the pasted secrets into the intent and the spec. */
export function quotingModel(title: string) {
  const text = plantedText();
  const spec = (t: string) => ({
    ...specBody(t),
    problem: `Someone pasted these into the channel:\n${text}`,
    scope: ['src/', 'test/'],
    acceptanceCriteria: plantedLines().map((line) => `never print ${line}`),
    risks: Object.values(CONFIGURED).map((value) => `Codecot's own ${value} could leak`),
  });
  const answer = stageAnswers({
    extract: { title, summary: `quoting the request: ${text}`, actionable: true },
    spec: spec(title),
    revised: spec(`${title} again`),
  });
  return (request: { messagesText: string }) => ({ json: answer(request.messagesText) });
}

const reversed = (value: string) => [...value].reverse().join('');

/**
 * A failing test that prints every look-alike, Codecot's own secrets and their base64 forms. The
 * configured secrets are stored reversed, so the file itself holds none of them literally.
 */
export function leakyTest(): string {
  const ours = Object.values(CONFIGURED).map(reversed);
  return [
    "import { test } from 'node:test';",
    "import assert from 'node:assert';",
    `const pasted = ${JSON.stringify(plantedText().split('\nours:')[0])};`,
    `const ours = ${JSON.stringify(ours)}.map((v) => [...v].reverse().join(''));`,
    `test(${JSON.stringify(`rejects ${LOOKALIKES.ghp}`)}, () => {`,
    '  console.log(pasted);',
    "  console.error(ours.join('\\n'));",
    "  console.error(ours.map((v) => Buffer.from(v).toString('base64')).join('\\n'));",
    "  console.error(ours.map((v) => Buffer.from('x-access-token:' + v).toString('base64')).join('\\n'));",
    `  assert.equal(pasted + ours.join(' '), 'nothing', ${JSON.stringify(`leaked ${LOOKALIKES.sk}`)});`,
    '});',
    '',
  ].join('\n');
}

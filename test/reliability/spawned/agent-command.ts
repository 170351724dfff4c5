import { passingChange } from '../../e2e/sample-repo.ts';

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * CODECOT_AGENT_COMMAND for a trivial external agent: writes the passing change (a mul function and
 * its test) into the workspace, then takes `seconds` more, so a test can catch it at work.
 * Everything is inline: inside the sandbox the agent sees only the workspace and system directories.
 */
export function trivialAgentCommand(seconds: number): string {
  const writes = Object.entries(passingChange).map(
    ([path, content]) =>
      `mkdir -p ${quote(path.slice(0, path.lastIndexOf('/')))} && printf '%s' ${quote(content)} > ${quote(path)}`,
  );
  return [...writes, `sleep ${seconds}`, 'echo "added mul with a test"'].join(' && ');
}

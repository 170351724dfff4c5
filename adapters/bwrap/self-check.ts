import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodecotError } from '../../src/errors.ts';
import type { SandboxCommand, SandboxResult } from '../../src/ports/sandbox.ts';
import { DEFAULT_ENV } from '../local/command.ts';

/**
 * Prints one `name=value` line per isolation property; the host side judges them. It tries to
 * remount and write /usr, so it must only ever run inside the sandbox it checks.
 */
const PROBE = `
if [ -e "$1" ]; then echo marker=visible; else echo marker=hidden; fi
echo "caps=$(grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb):' /proc/self/status | tr -s ' \\t' ' ' | tr '\\n' ';')"
echo "ifaces=$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\\n' ',')"
echo "envkeys=$(cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n' | cut -d= -f1 | sort -u | tr '\\n' ',')"
if mount -o remount,rw /usr 2>/dev/null; then echo remount=allowed; else echo remount=refused; fi
if touch /usr/.codecot-probe-$$ 2>/dev/null; then rm -f /usr/.codecot-probe-$$; echo rowrite=allowed; else echo rowrite=refused; fi
if unshare --user true 2>/dev/null; then echo userns=allowed; else echo userns=refused; fi
echo written > probe-written
`;

type Probe = Record<string, string>;

/** Variables the probe's own shell exports to its children; set inside, not leaked from outside. */
const SHELL_SET = ['PWD', 'OLDPWD', 'SHLVL', '_'];

/** Each isolation property and the reason it fails; a failing check names what leaked. */
function findings(probe: Probe, allowedKeys: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (probe.marker !== 'hidden') problems.push('a host file outside the workspace is visible');
  const caps = (probe.caps ?? '').split(';').filter(Boolean);
  if (caps.length < 5 || caps.some((line) => !/\s0+$/.test(line))) {
    problems.push(`capabilities are not all dropped (${probe.caps})`);
  }
  if (probe.ifaces !== 'lo,') problems.push(`network interfaces besides lo: ${probe.ifaces}`);
  const leaked = (probe.envkeys ?? '').split(',').filter((key) => key && !allowedKeys.has(key));
  if (leaked.length > 0)
    problems.push(`environment variables not passed in are visible: ${leaked.join(', ')}`);
  if (probe.remount !== 'refused') problems.push('a read-only mount can be remounted writable');
  if (probe.rowrite !== 'refused') problems.push('the read-only system can be written');
  if (probe.userns !== 'refused') problems.push('new user namespaces can be created inside');
  return problems;
}

/**
 * Runs the probe through the real `run` and refuses (throws `sandbox_error`) unless every isolation
 * property holds: there is no weaker mode to fall back to.
 */
export async function runSelfCheck(run: (command: SandboxCommand) => Promise<SandboxResult>): Promise<void> {
  const outside = await mkdtemp(join(tmpdir(), 'codecot-selfcheck-host-'));
  const workspace = await mkdtemp(join(tmpdir(), 'codecot-selfcheck-ws-'));
  try {
    const marker = join(outside, 'marker');
    await writeFile(marker, 'outside');
    const env = { CODECOT_SELF_CHECK: '1' };
    const result = await run({
      argv: ['sh', '-c', PROBE, 'probe', marker],
      workspace,
      env,
      timeoutMs: 15_000,
      maxOutputBytes: 64 * 1024,
    });
    if (result.exitCode !== 0 || result.timedOut) {
      throw new CodecotError(
        'sandbox_error',
        `bwrap self-check probe failed to run: ${result.stderr.trim()}`,
      );
    }
    const probe: Probe = Object.fromEntries(
      result.stdout
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const problems = findings(
      probe,
      new Set([...Object.keys(DEFAULT_ENV), ...Object.keys(env), ...SHELL_SET]),
    );
    const written = join(workspace, 'probe-written');
    if (!existsSync(written) || readFileSync(written, 'utf8') !== 'written\n') {
      problems.push('the workspace is not writable from inside');
    }
    if (problems.length > 0) {
      throw new CodecotError(
        'sandbox_error',
        `bwrap sandbox is not isolated, refusing to run: ${problems.join('; ')}`,
      );
    }
  } finally {
    await rm(outside, { recursive: true, force: true });
    await rm(workspace, { recursive: true, force: true });
  }
}

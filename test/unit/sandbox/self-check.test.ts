import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runSelfCheck } from '../../../adapters/bwrap/self-check.ts';
import type { SandboxCommand, SandboxResult } from '../../../src/ports/sandbox.ts';

const ISOLATED: Record<string, string> = {
  marker: 'hidden',
  caps: 'CapInh: 0000000000000000;CapPrm: 0000000000000000;CapEff: 0000000000000000;CapBnd: 0000000000000000;CapAmb: 0000000000000000;',
  ifaces: 'lo,',
  envkeys: 'CODECOT_SELF_CHECK,HOME,LANG,PATH,PWD,',
  remount: 'refused',
  rowrite: 'refused',
  userns: 'refused',
};

/**
 * Stands in for a sandbox whose probe prints `report`: the self-check logic is judged without
 * ever running the probe (which tries to remount /usr) outside a sandbox.
 */
function fakeRun(report: Record<string, string>, writesWorkspace = true) {
  return async (command: SandboxCommand): Promise<SandboxResult> => {
    if (writesWorkspace) writeFileSync(join(command.workspace, 'probe-written'), 'written\n');
    const stdout = Object.entries(report)
      .map(([key, value]) => `${key}=${value}\n`)
      .join('');
    return {
      exitCode: 0,
      signal: null,
      stdout,
      stderr: '',
      timedOut: false,
      truncated: false,
      durationMs: 1,
    };
  };
}

describe('the bwrap self-check', () => {
  test('passes when every isolation property holds', async () => {
    await expect(runSelfCheck(fakeRun(ISOLATED))).resolves.toBeUndefined();
  });

  test.each([
    [{ marker: 'visible' }, 'a host file outside the workspace is visible'],
    [
      { caps: ISOLATED.caps!.replace('CapEff: 0000000000000000', 'CapEff: 000001fffeffffff') },
      'capabilities',
    ],
    [{ caps: 'CapEff: 0000000000000000;' }, 'capabilities are not all dropped'],
    [{ ifaces: 'lo,eth0,' }, 'network interfaces besides lo: lo,eth0,'],
    [
      { envkeys: 'HOME,PATH,SLACK_BOT_TOKEN,' },
      'environment variables not passed in are visible: SLACK_BOT_TOKEN',
    ],
    [{ remount: 'allowed' }, 'a read-only mount can be remounted writable'],
    [{ rowrite: 'allowed' }, 'the read-only system can be written'],
    [{ userns: 'allowed' }, 'new user namespaces can be created inside'],
    [{ userns: '' }, 'new user namespaces can be created inside'],
  ])('refuses when %o, naming the leak', async (leak, reason) => {
    const failure = runSelfCheck(fakeRun({ ...ISOLATED, ...leak }));
    await expect(failure).rejects.toMatchObject({
      code: 'sandbox_error',
      message: expect.stringContaining(reason),
    });
    await expect(failure).rejects.toThrow(/not isolated, refusing to run/);
  });

  test('refuses when the workspace is not writable from inside', async () => {
    await expect(runSelfCheck(fakeRun(ISOLATED, false))).rejects.toThrow(
      'the workspace is not writable from inside',
    );
  });

  test('refuses when the probe itself fails', async () => {
    const failing = async (): Promise<SandboxResult> => ({
      ...{ exitCode: 1, signal: null, stdout: '', timedOut: false, truncated: false, durationMs: 1 },
      stderr: 'sh: not found',
    });
    await expect(runSelfCheck(failing)).rejects.toThrow(
      'bwrap self-check probe failed to run: sh: not found',
    );
  });
});

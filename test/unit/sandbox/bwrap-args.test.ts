import { describe, expect, test } from 'vitest';
import { type BwrapPlan, buildBwrapArgs, encodeArgs, ISOLATION_FLAGS } from '../../../adapters/bwrap/args.ts';
import { withForwarder } from '../../../adapters/bwrap/forwarder.ts';

const plan: BwrapPlan = {
  workspace: '/tmp/ws',
  workspaceReal: '/tmp/ws',
  env: { PATH: '/usr/bin:/bin', OPENAI_API_KEY: 'sk-passed-on-purpose' },
  system: [{ path: '/usr' }, { path: '/bin', symlinkTo: 'usr/bin' }],
  extraReadOnly: [],
  tmpSizeBytes: 1024,
  statusFd: 4,
};

/** The destination of every mount-like option, in order. */
function mountTargets(args: string[]): string[] {
  const targets: string[] = [];
  args.forEach((arg, i) => {
    if (['--ro-bind', '--ro-bind-try', '--bind', '--symlink'].includes(arg)) targets.push(args[i + 2]!);
    if (['--proc', '--dev', '--tmpfs'].includes(arg)) targets.push(args[i + 1]!);
  });
  return targets;
}

describe('bwrap arguments', () => {
  test('every isolation flag is there, starting the arguments', () => {
    const args = buildBwrapArgs(plan);
    expect(args.slice(0, ISOLATION_FLAGS.length)).toEqual(ISOLATION_FLAGS);
    for (const flag of [
      '--unshare-user',
      '--unshare-pid',
      '--unshare-net',
      '--disable-userns',
      '--die-with-parent',
    ]) {
      expect(args).toContain(flag);
    }
    expect(args.join(' ')).toContain('--cap-drop ALL');
    expect(args.join(' ')).toContain('--json-status-fd 4');
  });

  test('only the system, chosen /etc files, the private mounts and the workspace are mounted', () => {
    const targets = mountTargets(buildBwrapArgs(plan));
    const unexpected = targets.filter(
      (target) =>
        !/^\/(usr|bin|proc|dev|tmp)$/.test(target) && !target.startsWith('/etc/') && target !== '/tmp/ws',
    );
    expect(unexpected).toEqual([]);
    for (const secret of [
      '/etc/shadow',
      '/etc/ssl/private',
      '/etc/gitconfig',
      '/etc/npmrc',
      '/root',
      '/home',
    ]) {
      expect(targets).not.toContain(secret);
    }
  });

  test('the system is read-only and symlinks are recreated; only the workspace is writable', () => {
    const args = buildBwrapArgs(plan).join(' ');
    expect(args).toContain('--ro-bind /usr /usr');
    expect(args).toContain('--symlink usr/bin /bin');
    const writable = buildBwrapArgs(plan).flatMap((arg, i, all) => (arg === '--bind' ? [all[i + 2]] : []));
    expect(writable).toEqual(['/tmp/ws']);
  });

  test('the private /tmp comes before a workspace under it, and the command starts in the workspace', () => {
    const args = buildBwrapArgs(plan);
    expect(args.indexOf('--tmpfs')).toBeLessThan(args.indexOf('--bind'));
    expect(args.join(' ')).toContain('--chdir /tmp/ws --clearenv');
    expect(args.join(' ')).toContain('--size 1024 --tmpfs /tmp');
  });

  test('the environment is exactly the plan, set after --clearenv; no command follows the options', () => {
    const args = buildBwrapArgs(plan);
    const env = args.flatMap((arg, i) => (arg === '--setenv' ? [`${args[i + 1]}=${args[i + 2]}`] : []));
    expect(env).toEqual(['PATH=/usr/bin:/bin', 'OPENAI_API_KEY=sk-passed-on-purpose']);
    expect(args.indexOf('--clearenv')).toBeLessThan(args.indexOf('--setenv'));
    expect(args).not.toContain('--');
  });

  test('a workspace reached through a symlink is bound at its real path and linked', () => {
    const args = buildBwrapArgs({ ...plan, workspace: '/srv/link/ws', workspaceReal: '/data/ws' }).join(' ');
    expect(args).toContain('--bind /data/ws /data/ws --symlink /data/ws /srv/link/ws');
    expect(args).toContain('--chdir /srv/link/ws');
  });

  test('extra read-only paths and the forwarder binds are added as asked', () => {
    const inner = withForwarder(
      { argv: ['curl', 'https://api.example.com'], env: {} },
      { socketPath: '/tmp/p/proxy.sock', node: '/opt/node/bin/node' },
    );
    const args = buildBwrapArgs({
      ...plan,
      extraReadOnly: ['/opt/tool'],
      extraBinds: inner.extraBinds!,
    }).join(' ');
    expect(args).toContain('--ro-bind /opt/tool /opt/tool');
    expect(args).toContain('--bind /tmp/p/proxy.sock /run/codecot/proxy.sock');
    expect(args).toContain('--ro-bind /opt/node/bin/node /run/codecot/node');
    expect(inner.argv.slice(0, 2)).toEqual(['/run/codecot/node', '-e']);
    expect(inner.argv.slice(-2)).toEqual(['curl', 'https://api.example.com']);
    expect(inner.env).toMatchObject({
      HTTPS_PROXY: 'http://127.0.0.1:3128',
      http_proxy: 'http://127.0.0.1:3128',
    });
  });

  test('without a proxy the command is left alone', () => {
    const command = { argv: ['true'], env: { A: '1' } };
    expect(withForwarder(command, undefined)).toBe(command);
  });

  test('--args encoding is NUL-terminated, so any value survives', () => {
    expect(encodeArgs(['--setenv', 'A', 'x y\nz']).toString('utf8')).toBe('--setenv\0A\0x y\nz\0');
  });
});

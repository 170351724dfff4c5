import { lstatSync, readlinkSync } from 'node:fs';

/** A top-level system path as the host has it: a directory to bind read-only, or a symlink to recreate. */
export interface SystemPath {
  path: string;
  symlinkTo?: string;
}

/** Where programs and libraries live; on a merged-/usr system /bin, /lib, ... are symlinks into /usr. */
const SYSTEM_PATHS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/**
 * The pieces of /etc that sh, git, node, python and TLS clients read, bound read-only when present.
 * Deliberately not: /etc/shadow, /etc/ssl/private (the sandbox user is the host's root without
 * capabilities, so owner-only files would still be readable), /etc/gitconfig and /etc/npmrc
 * (credential helpers and registry tokens), /etc/resolv.conf (no DNS without network).
 */
export const ETC_PATHS: readonly string[] = [
  '/etc/passwd',
  '/etc/group',
  '/etc/nsswitch.conf',
  '/etc/hosts',
  '/etc/host.conf',
  '/etc/gai.conf',
  '/etc/protocols',
  '/etc/services',
  '/etc/ld.so.cache',
  '/etc/ld.so.conf',
  '/etc/ld.so.conf.d',
  '/etc/alternatives',
  '/etc/localtime',
  '/etc/os-release',
  '/etc/ssl/certs',
  '/etc/ssl/openssl.cnf',
  '/etc/ca-certificates',
  '/etc/ca-certificates.conf',
  '/etc/pki/tls/certs',
  '/etc/pki/ca-trust',
];

/** Reads the host's system layout once, when the sandbox is created. */
export function hostSystemPaths(): SystemPath[] {
  const found: SystemPath[] = [];
  for (const path of SYSTEM_PATHS) {
    try {
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) found.push({ path, symlinkTo: readlinkSync(path) });
      else if (stat.isDirectory()) found.push({ path });
    } catch {
      // Not on this host (lib32, libx32 on most).
    }
  }
  return found;
}

import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * What a failed file-system call means, in words rather than an errno code ("ENOENT", "ELOOP"): the
 * CLI's messages about --config, --output and --pcap, and the notices about files it could not read.
 */
export function fsErrorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'a loop of symbolic links';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    default:
      return e.message ?? String(err);
  }
}

/**
 * Creates the folders a file will be written in, one level at a time from the deepest one that
 * exists. Node's `mkdirSync(…, { recursive: true })` never returns for a path under /proc, so it is
 * not used. Throws an errno error, with `path` set to the level that failed.
 */
export function makeParentFolders(file: string): void {
  const missing: string[] = [];
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    let exists = false;
    try {
      statSync(dir);
      exists = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (exists || dirname(dir) === dir) break;
    missing.push(dir);
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (err) {
      // A file where a folder should be is EEXIST from mkdir: say what it is.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && !statSync(dir).isDirectory()) throw Object.assign(new Error(`${dir} is a file`), { code: 'ENOTDIR', path: dir });
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

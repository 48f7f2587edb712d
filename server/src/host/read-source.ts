import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { sep } from 'node:path';
import type { Notice } from '../core/model/workspace';

/**
 * The one policy for opening workspace files, used by the CLI's walk and the language server's index
 * and watched-file events:
 * - only regular files are opened (never a FIFO, socket or device, which can block a read forever);
 * - a symbolic link is followed when its target is inside one of the roots, and skipped otherwise;
 * - text is decoded by its byte-order mark (UTF-8, UTF-16 LE or BE; UTF-8 without one), and the mark
 *   is dropped, so columns count from the first real character.
 * Whatever is skipped comes back as a notice that says why.
 */
export type ReadOutcome =
  | { readonly ok: true; readonly text: string; readonly realPath: string }
  | { readonly ok: false; readonly notice: Notice };

export interface ReadPolicy {
  /** Real paths of the folders links may point into; undefined: no containment check (a file named explicitly). */
  readonly roots?: readonly string[];
  /** The engine's size limit in characters: a file that cannot fit is not read. */
  readonly maxChars: number;
}

export function readSourceFile(path: string, policy: ReadPolicy): ReadOutcome {
  const skip = (level: Notice['level'], message: string): ReadOutcome => ({ ok: false, notice: { file: path, level, skipped: 'file', message: `Skipped: ${message}` } });
  let link: Stats;
  let realPath: string;
  try {
    link = lstatSync(path);
    realPath = link.isSymbolicLink() ? realpathSync(path) : path;
  } catch (err) {
    return skip('warning', `cannot read (${errorText(err)}).`);
  }
  if (link.isSymbolicLink() && policy.roots && !policy.roots.some((r) => isInside(realPath, r))) {
    return skip('info', `symbolic link to ${realPath}, outside the workspace; links are followed only inside it.`);
  }
  let fd: number | undefined;
  try {
    // Not a link: lstat already said what the path is.
    const before = link.isSymbolicLink() ? statSync(realPath) : link;
    if (!before.isFile()) return skip('info', `not a regular file (${kindOf(before)}); Hairpin reads only regular files.`);
    if (before.size > policy.maxChars * 4) return tooLarge(path, before.size, policy.maxChars);
    // O_NONBLOCK: if the path was swapped for a FIFO since the check, opening it still does not block.
    fd = openSync(realPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile()) return skip('info', `not a regular file (${kindOf(st)}); Hairpin reads only regular files.`);
    if (st.size > policy.maxChars * 4) return tooLarge(path, st.size, policy.maxChars);
    return { ok: true, text: decodeText(readAll(fd, st.size)), realPath };
  } catch (err) {
    return skip('warning', `cannot read (${errorText(err)}).`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Decodes by byte-order mark: UTF-8 (default), UTF-16 LE or BE. The mark itself is not part of the text. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

/** Whether a real path is the root or inside it. */
export function isInside(realPath: string, root: string): boolean {
  return realPath === root || realPath.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** The real path of a folder, for `roots`; undefined when it does not resolve. */
export function realRoot(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function tooLarge(path: string, bytes: number, maxChars: number): ReadOutcome {
  // A character takes at most 4 bytes (UTF-8 or UTF-16): a file this large has more characters than the limit.
  return { ok: false, notice: { file: path, level: 'warning', skipped: 'file', message: `Skipped: at least ${Math.ceil(bytes / 4)} characters is over the ${maxChars}-character limit (--max-file-size).` } };
}

function readAll(fd: number, size: number): Uint8Array {
  const chunks: Buffer[] = [];
  let total = 0;
  // Read to the end, not just `size` bytes: the file may have grown since fstat.
  for (;;) {
    // One byte over the expected size, so the second read sees the end (small files come from the shared pool).
    const buf = Buffer.allocUnsafe(Math.max(1024, size - total + 1));
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    chunks.push(buf.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks, total);
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a file';
}

function errorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code === 'ENOENT' ? 'it no longer exists' : e.code === 'EACCES' ? 'permission denied' : e.code === 'ELOOP' ? 'too many symbolic links' : (e.message ?? String(err));
}

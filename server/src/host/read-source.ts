import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { sep } from 'node:path';
import type { Notice } from '../core/model/workspace';
import { fsErrorText } from './fs-errors';

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
  /**
   * The caller's folder listing says the path is a regular file, not a link (a walk): the file is then
   * opened without following links (O_NOFOLLOW) and checked by fstat alone, which saves an lstat per
   * file. If it became a link since the listing, the path is read by the full policy instead.
   */
  readonly listedAsFile?: boolean;
}

export function readSourceFile(path: string, policy: ReadPolicy): ReadOutcome {
  if (policy.listedAsFile && constants.O_NOFOLLOW !== undefined) {
    const listed = readListedFile(path, policy.maxChars);
    if (listed) return listed;
  }
  const skip = (level: Notice['level'], message: string): ReadOutcome => ({ ok: false, notice: { file: path, level, skipped: 'file', message: `Skipped: ${message}` } });
  let link: Stats | undefined;
  let realPath: string;
  try {
    link = lstatSync(path);
    realPath = link.isSymbolicLink() ? realpathSync(path) : path;
  } catch (err) {
    if (link?.isSymbolicLink()) return skip('warning', `${brokenLinkText(path, err)}.`);
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

/**
 * A path the caller listed as a regular file: opened without following links, so a link swapped in since
 * the listing is not followed here. Undefined when the full policy must decide (the path is now a link,
 * or is gone); the notices are the full policy's.
 */
function readListedFile(path: string, maxChars: number): ReadOutcome | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | (constants.O_NONBLOCK ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile()) return undefined;
    if (st.size > maxChars * 4) return tooLarge(path, st.size, maxChars);
    return { ok: true, text: decodeText(readAll(fd, st.size)), realPath: path };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const utf8 = new TextDecoder('utf-8');
const utf16le = new TextDecoder('utf-16le');
const utf16be = new TextDecoder('utf-16be');

/** Decodes by byte-order mark: UTF-8 (default), UTF-16 LE or BE. The mark itself is not part of the text. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8.decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16le.decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16be.decode(bytes.subarray(2));
  return utf8.decode(bytes);
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
    // One byte over the expected size (small files come from the shared pool): a regular file's read
    // returns less than asked only at its end, so a file that did not grow takes one read, not two.
    const buf = Buffer.allocUnsafe(Math.max(1024, size - total + 1));
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    chunks.push(buf.subarray(0, n));
    total += n;
    if (n < buf.length) break;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a file';
}

/** A link that leads nowhere: dangling (its target does not exist) or part of a loop. */
function brokenLinkText(path: string, err: unknown): string {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return `symbolic link that cannot be followed (${fsErrorText(err)})`;
  let target = '';
  try {
    target = ` to ${readlinkSync(path)}`;
  } catch {
    // Gone since the lstat: the notice names no target.
  }
  return `symbolic link${target}, which does not exist (a dangling link)`;
}

function errorText(err: unknown): string {
  return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it no longer exists' : fsErrorText(err);
}

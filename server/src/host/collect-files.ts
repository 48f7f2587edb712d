import { lstatSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { Notice, SourceFile } from '../core/model/workspace';
import { isAnalysablePath } from '../core/parse/read-file';
import { readSourceFile, realRoot } from './read-source';

export const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform', 'dist', 'out', '.hg', '.svn']);

export interface Collected {
  readonly files: SourceFile[];
  readonly notices: Notice[];
  readonly missing: string[];
}

interface Walk {
  readonly out: Collected;
  /** Real paths already read: a link and its target are one file. */
  readonly seen: Set<string>;
  readonly roots: readonly string[];
  readonly maxChars: number;
  /** Links met in the walk, read after every regular file so that a file is named by its real path. */
  readonly links: string[];
  readonly onFile?: (count: number) => void;
}

/**
 * Reads the analysable files under the given paths, by the policy of `readSourceFile`: regular files
 * only, links followed inside the given folders and not outside. Symlinked folders are not walked
 * (their files are read where they really are). Whatever is skipped becomes a notice; paths that do not
 * exist are returned as missing (a usage error). `maxChars` is the engine's size limit. `onFile` hears
 * the count of files read so far (the CLI's progress line).
 */
export function collectFiles(paths: readonly string[], maxChars: number, onFile?: (count: number) => void): Collected {
  const roots = paths.filter(isDirectory).map(realRoot).filter((r): r is string => r !== undefined);
  const w: Walk = { out: { files: [], notices: [], missing: [] }, seen: new Set(), roots, maxChars, links: [], ...(onFile ? { onFile } : {}) };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      try {
        lstatSync(p); // a dangling link exists, but cannot be read
        w.out.notices.push({ file: p, level: 'warning', skipped: 'file', message: 'Skipped: symbolic link to nothing.' });
      } catch {
        w.out.missing.push(p);
      }
      continue;
    }
    if (st.isDirectory()) walk(p, realRoot(p), w);
    else readOne(p, w, true);
  }
  for (const link of w.links) readOne(link, w, false);
  return w.out;
}

/**
 * `realDir` is the folder's real path (undefined if it did not resolve): a regular file's real path is
 * then `realDir/name`, with no system call. Entry types come with the listing, so only links cost a stat.
 */
function walk(dir: string, realDir: string | undefined, w: Walk): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (err) {
    w.out.notices.push({ file: dir, level: 'warning', skipped: 'file', message: `Skipped folder: ${(err as Error).message}` });
    return;
  }
  for (const entry of entries) {
    const name = entry.name;
    const p = join(dir, name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(name)) walk(p, realDir === undefined ? undefined : join(realDir, name), w);
    } else if (entry.isSymbolicLink() && isAnalysablePath(p)) {
      w.links.push(p);
    } else if (isAnalysablePath(p)) {
      // Regular files, and also pipes or devices with an analysable name: the policy decides, with a notice.
      readOne(p, w, false, realDir === undefined ? undefined : join(realDir, name), entry.isFile());
    } else if (entry.isSymbolicLink() && isDirectory(p) && !SKIP_DIRS.has(name)) {
      w.out.notices.push({ file: p, level: 'info', skipped: 'file', message: 'Skipped: symbolic link to a folder; folders are read where they really are.' });
    }
  }
}

/**
 * `realPath`: the entry's real path when the walk knows it (not a link, in a folder that resolved).
 * `listedAsFile`: the folder listing says it is a regular file (see ReadPolicy).
 */
function readOne(p: string, w: Walk, named: boolean, realPath?: string, listedAsFile = false): void {
  if (!isAnalysablePath(p)) {
    if (named) w.out.notices.push({ file: p, level: 'info', skipped: 'file', message: 'Skipped: not a file type Hairpin reads (YAML, Terraform, CloudFormation JSON, CDK TypeScript or Python).' });
    return;
  }
  // A file named on the command line is read wherever its link points; a walked one only inside the roots.
  const r = readSourceFile(p, { maxChars: w.maxChars, ...(named ? {} : { roots: w.roots }), ...(listedAsFile ? { listedAsFile } : {}) });
  if (!r.ok) {
    w.out.notices.push(r.notice);
    return;
  }
  const key = (r.realPath === p ? realPath : undefined) ?? realRoot(r.realPath) ?? r.realPath;
  if (w.seen.has(key)) {
    if (r.realPath !== p) w.out.notices.push({ file: p, level: 'info', skipped: 'file', message: `Skipped: the same file as ${key}, already read.` });
    return;
  }
  w.seen.add(key);
  w.out.files.push({ path: p, text: r.text });
  w.onFile?.(w.out.files.length);
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

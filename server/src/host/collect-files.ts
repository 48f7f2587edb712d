import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Notice, SourceFile } from '../core/model/workspace';
import { isAnalysablePath } from '../core/parse/read-file';

export const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform', 'dist', 'out', '.hg', '.svn']);

export interface Collected {
  readonly files: SourceFile[];
  readonly notices: Notice[];
  readonly missing: string[];
}

/**
 * Reads the analysable files under the given paths. Unreadable files and folders become notices;
 * paths that do not exist are returned as missing (a usage error). Symlinked folders are not followed.
 */
/** `maxChars` is the engine's size limit; files that cannot fit it are skipped without being read. */
export function collectFiles(paths: readonly string[], maxChars: number): Collected {
  const out: Collected = { files: [], notices: [], missing: [] };
  const seen = new Set<string>();
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      out.missing.push(p);
      continue;
    }
    if (st.isDirectory()) walk(p, out, seen, maxChars);
    else readOne(p, out, seen, maxChars, true);
  }
  return out;
}

function walk(dir: string, out: Collected, seen: Set<string>, maxChars: number): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    out.notices.push({ file: dir, level: 'warning', skipped: 'file', message: `Skipped folder: ${(err as Error).message}` });
    return;
  }
  for (const name of names) {
    const p = join(dir, name);
    let st;
    try {
      st = lstatSync(p);
    } catch (err) {
      out.notices.push({ file: p, level: 'warning', skipped: 'file', message: `Skipped: ${(err as Error).message}` });
      continue;
    }
    if (st.isDirectory()) {
      if (!SKIP_DIRS.has(name)) walk(p, out, seen, maxChars);
    } else if (st.isFile() && isAnalysablePath(p)) {
      readOne(p, out, seen, maxChars, false);
    }
  }
}

function readOne(p: string, out: Collected, seen: Set<string>, maxChars: number, named: boolean): void {
  if (seen.has(p)) return;
  seen.add(p);
  if (!isAnalysablePath(p)) {
    if (named) out.notices.push({ file: p, level: 'info', skipped: 'file', message: 'Skipped: not a file type Hairpin reads (YAML).' });
    return;
  }
  try {
    const size = statSync(p).size;
    // A UTF-8 character takes at most 4 bytes: a file this large cannot fit the limit, so it is not even read.
    if (size > maxChars * 4) {
      out.notices.push({ file: p, level: 'warning', skipped: 'file', message: `Skipped: ${size} bytes is over the ${maxChars}-character limit (--max-file-size).` });
      return;
    }
    out.files.push({ path: p, text: readFileSync(p, 'utf8') });
  } catch (err) {
    out.notices.push({ file: p, level: 'warning', skipped: 'file', message: `Skipped: cannot read (${(err as Error).message}).` });
  }
}

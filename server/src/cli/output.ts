import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fsErrorText, makeParentFolders } from '../host/fs-errors';
import { closest } from './suggest';

/** Why `--output FILE` cannot be written, checked before any analysis; undefined when it can be tried. */
export function outputProblem(file: string): string | undefined {
  try {
    if (statSync(file).isDirectory()) return `--output ${file} is a folder; give the path of a file to write the report to`;
  } catch {
    // Does not exist yet: it and its folder are created when the report is written.
  }
  return undefined;
}

/** Writes the report to `--output FILE` (creating its folder, as ESLint's -o does), or returns why it could not. */
export function writeOutput(file: string, text: string): string | undefined {
  try {
    makeParentFolders(file);
  } catch (err) {
    return `cannot write --output ${file}: cannot create the folder ${(err as NodeJS.ErrnoException).path ?? dirname(file)} (${fsErrorText(err)})`;
  }
  try {
    writeFileSync(file, text);
    return undefined;
  } catch (err) {
    return `cannot write --output ${file}: ${fsErrorText(err)}`;
  }
}

/** "no such file or folder: k8/; did you mean k8s/?" when a sibling's name is a likely typo. */
export function missingPathMessage(path: string): string {
  const trailing = path.endsWith('/') ? '/' : '';
  const bare = trailing ? path.slice(0, -1) : path;
  const parent = dirname(bare);
  let near: string | undefined;
  try {
    near = closest(basename(bare), readdirSync(parent));
  } catch {
    near = undefined;
  }
  const suggestion = near === undefined ? '' : `; did you mean ${parent === '.' && !bare.startsWith('./') ? near : join(parent, near)}${trailing}?`;
  return `no such file or folder: ${path}${suggestion}`;
}

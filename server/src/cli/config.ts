import { existsSync, lstatSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ClusterOverrides } from '../core/model/cluster';
import type { Notice } from '../core/model/workspace';
import { CONFIG_FILE_NAME, readHairpinConfig } from '../core/parse/hairpin-config';
import { DEFAULT_LIMITS } from '../core/parse/guards';
import { fsErrorText } from '../host/fs-errors';
import { readSourceFile } from '../host/read-source';

export type LoadedConfig =
  | { readonly ok: true; readonly overrides?: ClusterOverrides; readonly notices: Notice[]; readonly path?: string; readonly text?: string }
  | { readonly ok: false; readonly message: string };

/** `--config FILE`, else `.hairpin.yaml` at the root of the first PATH, else in the current folder. */
export function loadConfig(paths: readonly string[], explicit: string | undefined, cwd: string): LoadedConfig {
  let path = explicit;
  if (path === undefined) {
    const first = paths[0];
    const roots = first === undefined ? [] : [isDir(first) ? first : dirname(first)];
    roots.push(cwd);
    path = roots.map((r) => join(r, CONFIG_FILE_NAME)).find((p) => existsSync(p));
    if (path === undefined) return { ok: true, notices: [] };
  }
  if (explicit !== undefined && !existsSync(path)) {
    return {
      ok: false,
      message: `--config ${path}: ${missingConfigText(path)}. Give the path of an existing cluster description (see "The cluster: .hairpin.yaml" in the README), or leave --config out to use ${CONFIG_FILE_NAME} at the root of PATH or in the current folder.`,
    };
  }
  const read = readSourceFile(path, { maxChars: DEFAULT_LIMITS.maxFileSize });
  if (!read.ok) return { ok: false, message: `cannot use config ${path}: ${read.notice.message.replace(/^Skipped: /, '')}` };
  const text = read.text;
  const config = readHairpinConfig({ path, text });
  return { ok: true, overrides: config.overrides, notices: config.notices, path, text };
}

/** Why a --config path does not lead to a file: absent, a dangling link, a loop of links, a file used as a folder. */
function missingConfigText(path: string): string {
  try {
    statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && isLink(path)) return 'a symbolic link to a file that does not exist';
    if (code !== 'ENOENT') return fsErrorText(err);
  }
  return 'no such file';
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ClusterOverrides } from '../core/model/cluster';
import type { Notice } from '../core/model/workspace';
import { CONFIG_FILE_NAME, readHairpinConfig } from '../core/parse/hairpin-config';

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
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { ok: false, message: `cannot read config ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  const config = readHairpinConfig({ path, text });
  return { ok: true, overrides: config.overrides, notices: config.notices, path, text };
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

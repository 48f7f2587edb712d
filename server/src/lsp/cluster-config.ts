import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterOverrides } from '../core/model/cluster';
import type { Notice } from '../core/model/workspace';
import { CONFIG_FILE_NAME, readHairpinConfig } from '../core/parse/hairpin-config';
import { DEFAULT_LIMITS } from '../core/parse/guards';
import { readSourceFile } from '../host/read-source';
import { pathToUri, uriToPath } from './uri';

/**
 * The workspace's `.hairpin.yaml`: read from disk at the workspace root, or from the editor while the
 * file is open (so its errors show as you type and its changes re-simulate everything).
 */
export class ClusterConfig {
  private current: { uri: string; overrides: ClusterOverrides; notices: Notice[] } | undefined;
  private rootUri: string | undefined;

  static isConfig(uri: string): boolean {
    return uri.endsWith(`/${CONFIG_FILE_NAME}`);
  }

  /** Reads `<root>/.hairpin.yaml` if it exists; a missing file means built-in assumptions. */
  loadFromDisk(rootUri: string | undefined): void {
    this.rootUri = rootUri;
    this.current = undefined;
    const root = rootUri === undefined ? undefined : uriToPath(rootUri);
    if (root === undefined) return;
    const path = join(root, CONFIG_FILE_NAME);
    const read = readSourceFile(path, { maxChars: DEFAULT_LIMITS.maxFileSize });
    if (read.ok) this.setText(pathToUri(path), read.text);
    // There but not readable (a pipe, a folder, a dangling link): built-in assumptions, and a notice that says why.
    else if (isThere(path)) this.current = { uri: pathToUri(path), overrides: {}, notices: [{ ...read.notice, file: pathToUri(path) }] };
  }

  /** Only the root's config counts; a `.hairpin.yaml` elsewhere is ignored. Both URIs are canonical (uri.ts). */
  appliesTo(uri: string): boolean {
    return this.rootUri === undefined || uri === `${this.rootUri.replace(/\/$/, '')}/${CONFIG_FILE_NAME}`;
  }

  setText(uri: string, text: string): void {
    const { overrides, notices } = readHairpinConfig({ path: uri, text });
    this.current = { uri, overrides, notices };
  }

  reloadFromDisk(): void {
    this.loadFromDisk(this.rootUri);
  }

  get overrides(): ClusterOverrides | undefined {
    return this.current?.overrides;
  }

  get notices(): readonly Notice[] {
    return this.current?.notices ?? [];
  }
}

function isThere(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

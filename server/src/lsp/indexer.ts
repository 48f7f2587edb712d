import { readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Notice } from '../core/model/workspace';
import { isAnalysablePath } from '../core/parse/read-file';
import { SKIP_DIRS } from '../host/collect-files';
import { readSourceFile, realRoot } from '../host/read-source';
import { globMatcher } from './glob';
import { pathToUri, uriToPath } from './uri';

/** How far the index has got: files read out of files found so far, and whether it stopped early. */
export interface IndexProgress {
  readonly read: number;
  readonly found: number;
  readonly limit: number;
  /** Stopped at the file limit (or cancelled) with files left unread. */
  readonly truncated: boolean;
  readonly done: boolean;
}

export interface IndexOptions {
  readonly folders: readonly string[];
  /** Folders of open documents: walked first, so their neighbours' links fill in first. */
  readonly priorityUris: readonly string[];
  readonly maxFiles: number;
  readonly maxFileSize: number;
  readonly exclude: readonly string[];
}

export interface IndexSink {
  /** A file read from disk, under its canonical URI (uri.ts). */
  file(uri: string, text: string): void;
  /** After each slice, and once more when done. */
  progress(p: IndexProgress): void;
}

/** Time one slice may take before it yields to the messages waiting (requests, edits). */
const SLICE_MS = 8;

/**
 * Reads the analysable files under the workspace folders in slices, one `setImmediate` tick each, so
 * that requests and edits are served between slices. Open documents' folders go first. Stops at the
 * file limit, and when cancelled. Symlinked folders are not followed; VCS and build folders are skipped.
 */
export class WorkspaceIndexer {
  private generation = 0;
  private state: { read: number; found: number; truncated: boolean; done: boolean; limit: number } = { read: 0, found: 0, truncated: false, done: true, limit: 0 };
  private notices: Notice[] = [];

  constructor(private readonly sink: IndexSink) {}

  get progress(): IndexProgress {
    return { ...this.state };
  }

  get running(): boolean {
    return !this.state.done;
  }

  /** Real paths of the workspace folders (links are followed into these only) and of the files read. */
  private realRoots: string[] = [];
  private readonly readReal = new Set<string>();

  /** Skipped files (too large, unreadable), for the status item and the log. */
  get skipped(): readonly Notice[] {
    return this.notices;
  }

  /** Starts (or restarts) the walk; a walk already running is abandoned. */
  start(options: IndexOptions): void {
    const generation = ++this.generation;
    this.state = { read: 0, found: 0, truncated: false, done: false, limit: options.maxFiles };
    this.notices = [];
    const roots = options.folders.flatMap((u) => uriToPath(u) ?? []);
    this.realRoots = roots.map(realRoot).filter((r): r is string => r !== undefined);
    this.readReal.clear();
    const excluded = roots.map((root) => ({ root, test: globMatcher(options.exclude) }));
    const isExcluded = (path: string): boolean =>
      excluded.some(({ root, test }) => {
        const rel = relative(root, path);
        return rel !== '' && !rel.startsWith('..') && test(rel.split(sep).join('/'));
      });
    const inWorkspace = (path: string) => roots.some((root) => path === root || path.startsWith(root + sep));
    const priority = options.priorityUris.flatMap((u) => uriToPath(u) ?? []).map((p) => dirname(p)).filter(inWorkspace);
    const dirs = [...new Set([...priority, ...roots])];
    const walked = new Set<string>();
    const files: string[] = [];

    const step = (): boolean => {
      if (files.length > 0) {
        if (this.state.read >= options.maxFiles) {
          this.state.truncated = true;
          return false;
        }
        this.readOne(files.shift()!, options.maxFileSize);
        return true;
      }
      const dir = dirs.shift();
      if (dir === undefined) return false;
      if (walked.has(dir) || isExcluded(dir)) return true;
      walked.add(dir);
      this.list(dir, (sub) => dirs.push(sub), (file) => {
        if (isExcluded(file)) return;
        files.push(file);
        this.state.found++;
      });
      return true;
    };

    const slice = () => {
      if (generation !== this.generation) return;
      const started = performance.now();
      let more = true;
      while (more && performance.now() - started < SLICE_MS) more = step();
      if (!more) this.state.done = true;
      this.sink.progress(this.progress);
      if (more) setImmediate(slice);
    };
    setImmediate(slice);
  }

  /** Stops the walk where it is: what was read stays, the rest is reported as not read. */
  cancel(): void {
    if (this.state.done) return;
    this.generation++;
    this.state = { ...this.state, truncated: true, done: true };
    this.sink.progress(this.progress);
  }

  /** Stops the walk without a report: a new walk replaces it, or the server is shutting down. */
  abandon(): void {
    this.generation++;
    this.state = { ...this.state, done: true };
  }

  private list(dir: string, onDir: (path: string) => void, onFile: (path: string) => void): void {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.notices.push({ file: pathToUri(dir), level: 'warning', skipped: 'file', message: `Skipped folder: ${(err as Error).message}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const path = join(dir, e.name);
      // Dirent types come from lstat: a symlinked folder is not a directory, so it is not walked. Anything
      // else with a name Hairpin reads goes to host/read-source.ts, which opens regular files only,
      // follows links inside the workspace only, and says why it skipped the rest (a pipe, a device).
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) onDir(path);
      } else if (isAnalysablePath(path)) onFile(path);
    }
  }

  private readOne(path: string, maxChars: number): void {
    const uri = pathToUri(path);
    // The one policy for workspace files: regular files only, links followed inside the workspace, BOMs decoded.
    const r = readSourceFile(path, { roots: this.realRoots, maxChars });
    if (!r.ok) {
      this.notices.push({ ...r.notice, file: uri, message: r.notice.message.replace('(--max-file-size)', '(hairpin.maxFileSize)') });
      return;
    }
    // A link and its target are one file, read once, under the target's path.
    if (this.readReal.has(r.realPath)) return;
    this.readReal.add(r.realPath);
    this.state.read++;
    this.sink.file(pathToUri(r.realPath), r.text);
  }
}

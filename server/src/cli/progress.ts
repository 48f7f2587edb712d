/** Progress on a terminal's standard error for large trees: one line, redrawn in place, cleared at the end. */
export interface Progress {
  /** Without `total`: files read so far while folders are walked; with it: files analysed of all read. */
  update(phase: string, done: number, total?: number): void;
  clear(): void;
}

/** Below this many files a run is quick: no progress line to flicker. */
export const PROGRESS_MIN_FILES = 100;
const REDRAW_MS = 50;

export const noProgress: Progress = { update() {}, clear() {} };

export function terminalProgress(stream: NodeJS.WriteStream, now: () => number = Date.now): Progress {
  let drawn = false;
  let last = -Infinity;
  return {
    update(phase, done, total) {
      if ((total ?? done) < PROGRESS_MIN_FILES) return;
      const t = now();
      if (t - last < REDRAW_MS && done !== total) return;
      last = t;
      drawn = true;
      stream.write(`\r\x1b[Khairpin: ${phase} ${total === undefined ? `${done} files` : `${done}/${total} files`}`);
    },
    clear() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}

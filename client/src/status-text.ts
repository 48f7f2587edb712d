import type { StatusParams } from '../../server/src/protocol';

export interface StatusText {
  readonly text: string;
  readonly detail: string;
  readonly severity: 'information' | 'warning';
  /** Analysis or indexing is still running: the item shows a spinner. */
  readonly busy: boolean;
}

/** What the language status item shows for the server's last analysis. Pure, so it is tested without VS Code. */
export function statusText(p: StatusParams): StatusText {
  const busy = p.quiescent === false;
  const lbs = `${p.frontends} load balancer${p.frontends === 1 ? '' : 's'} simulated`;
  const skipped = p.skippedFiles.length ? `; ${p.skippedFiles.length} file${p.skippedFiles.length === 1 ? '' : 's'} skipped (see the Hairpin output)` : '';
  const truncated = p.index?.truncated ? `; indexing stopped at ${p.index.read} of ${p.index.found}+ files (hairpin.index.maxFiles${p.index.limit ? ` = ${p.index.limit}` : ''})` : '';
  const indexing = busy && p.index && !p.index.truncated && p.index.read < p.index.found ? ` (indexing ${p.index.read}/${p.index.found} files)` : '';
  const detail = `${lbs}${skipped}${truncated}`;
  if (p.state === 'error') return { text: 'Hairpin: analysis failed', detail: 'see the Hairpin output channel', severity: 'warning', busy };
  if (p.findings > 0) return { text: `Hairpin: ${p.findings} finding${p.findings === 1 ? '' : 's'}${indexing}`, detail, severity: 'warning', busy };
  return { text: `Hairpin: no findings${indexing}`, detail, severity: truncated ? 'warning' : 'information', busy };
}

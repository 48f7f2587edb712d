import type { StatusParams } from '../../server/src/protocol';

export interface StatusText {
  readonly text: string;
  readonly detail: string;
  readonly severity: 'information' | 'warning';
}

/** What the language status item shows for the server's last analysis. Pure, so it is tested without VS Code. */
export function statusText(p: StatusParams): StatusText {
  const lbs = `${p.frontends} load balancer${p.frontends === 1 ? '' : 's'} simulated`;
  const skipped = p.skippedFiles.length ? `; ${p.skippedFiles.length} file${p.skippedFiles.length === 1 ? '' : 's'} skipped (see the Hairpin output)` : '';
  if (p.state === 'error') return { text: 'Hairpin: analysis failed', detail: 'see the Hairpin output channel', severity: 'warning' };
  if (p.findings > 0) return { text: `Hairpin: ${p.findings} finding${p.findings === 1 ? '' : 's'}`, detail: `${lbs}${skipped}`, severity: 'warning' };
  return { text: 'Hairpin: no findings', detail: `${lbs}${skipped}`, severity: 'information' };
}

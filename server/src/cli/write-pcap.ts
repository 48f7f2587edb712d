import { writeFileSync } from 'node:fs';
import { fsErrorText } from '../host/fs-errors';
import { simulationCapture, tracesToCapture } from '../core/pcap/from-analysis';
import type { FrontendAnalysis } from '../core/rules/types';

/** `simulate --pcap FILE`: writes the failing handshakes; says on stderr what went where, or why it could not. */
export function writePcap(file: string, frontends: readonly FrontendAnalysis[], version: string): { ok: true; note: string } | { ok: false; message: string } {
  const bytes = simulationCapture(frontends, `Hairpin ${version}`);
  try {
    writeFileSync(file, bytes);
  } catch (err) {
    return { ok: false, message: `cannot write the capture to ${file}: ${fsErrorText(err)}. Give --pcap a writable file path.` };
  }
  const n = tracesToCapture(frontends).length;
  return { ok: true, note: `hairpin: wrote ${n} simulated handshake${n === 1 ? '' : 's'} to ${file} (pcapng; open it in Wireshark)\n` };
}

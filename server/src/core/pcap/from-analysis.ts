import type { FrontendAnalysis } from '../rules/types';
import { captureOf, type LabelledTrace } from './from-trace';
import { pcapngFile } from './pcapng-file';

/**
 * The traces `hairpin simulate --pcap` writes, per frontend in order: each client's failing modes
 * (the representative trace of each, most likely first), then the cross-zone tuple collision.
 */
export function tracesToCapture(frontends: readonly FrontendAnalysis[]): LabelledTrace[] {
  return frontends.flatMap((a) => [
    ...a.simulation.clients.flatMap((c) => c.modes.filter((m) => m.mode !== 'ok').map((m) => ({ label: `${a.frontend.name} ${c.location} ${m.mode}`, trace: m.trace }))),
    ...(a.simulation.collisionTrace ? [{ label: `${a.frontend.name} tuple-collision`, trace: a.simulation.collisionTrace }] : []),
  ]);
}

/** The pcapng bytes for those traces; the caller writes them. */
export function simulationCapture(frontends: readonly FrontendAnalysis[], application: string): Uint8Array {
  const { interfaces, records } = captureOf(tracesToCapture(frontends));
  return pcapngFile(application, interfaces, records);
}

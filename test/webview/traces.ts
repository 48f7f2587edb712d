// Real traces for the webview test, made the way the server's `hairpin/trace` makes them (resimulate +
// frontendReport with every mode), plus a copy with hostile strings where the user's files put text.
import { frontendReport } from '../../server/src/core/explain/frontend-report';
import { resimulate } from '../../server/src/core/simulate/resimulate';
import type { MitigationId } from '../../server/src/core/simulate/mitigations';
import type { TraceParams, TraceResult } from '../../server/src/protocol';
import { analyzeFixtures } from '../helpers/fixtures';

export const SCRIPT = '<script>alert(1)</script>';
export const IMG = '"><img src=x onerror=alert(1)>';

export const PARAMS: TraceParams = { textDocument: { uri: 'file:///w/k8s/seed.yaml' }, position: { line: 6, character: 0 } };

export function traceResult(whatIfs: readonly MitigationId[] = [], client?: string): TraceResult {
  const a = analyzeFixtures('k8s/seed.yaml').frontends[0]!;
  const { analysis, applied } = resimulate(a, whatIfs);
  const report = frontendReport(analysis, 7, { allModes: true });
  const worst = report.clients.reduce((w, c) => (c.failureProbability > w.failureProbability ? c : w));
  const location = { uri: PARAMS.textDocument.uri, range: { start: { line: 6, character: 0 }, end: { line: 6, character: 10 } } };
  return { ...report, location, client: client ?? worst.location, applied };
}

/** Replaces every string value equal to `from` (or containing it) in a JSON value. */
function replaceStrings<T>(value: T, edit: (s: string) => string): T {
  return JSON.parse(JSON.stringify(value), (_k, v) => (typeof v === 'string' ? edit(v) : v)) as T;
}

/**
 * The same result with hostile text where names and annotation values reach the panel: the Service name
 * and file, the NLB hostname and the backend pod's name (lifeline, notes, list), a mitigation title.
 */
export function hostileResult(): TraceResult {
  const r = traceResult();
  const edited = replaceStrings(r, (s) => s.replace('the NLB hostname', `nlb${IMG}.example`).replace(/gw-(n\d)-0/g, `gw-$1${SCRIPT}`));
  return {
    ...edited,
    name: `istio-system/${SCRIPT}${IMG}`,
    file: `k8s/${IMG}.yaml`,
    mitigations: edited.mitigations.map((m, i) => (i === 0 ? { ...m, title: `${m.title} ${SCRIPT}` } : m)),
  };
}

/** The worst client's trace cut after its 60th packet, retransmissions included (for the draw time). */
export function sixtyPackets(): TraceResult {
  const r = traceResult();
  const clients = r.clients.map((c) => {
    if (c.location !== r.client || !c.trace) return c;
    const hops: typeof c.trace.hops = [];
    let packets = 0;
    for (const h of c.trace.hops) {
      if (h.packet && packets++ === 60) break;
      hops.push(h);
    }
    const trace = { ...c.trace, hops };
    return { ...c, trace, modes: c.modes.map((m) => (m.mode === c.mode ? { ...m, trace } : m)) };
  });
  return { ...r, clients };
}

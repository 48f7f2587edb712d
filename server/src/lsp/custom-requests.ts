import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { AnalysisResult } from '../core/analyze';
import { explainAt, explanationData } from '../core/explain/explain';
import { frontendAt } from '../core/explain/frontend-at';
import { frontendReport, worstClient } from '../core/explain/frontend-report';
import { lensesFor } from '../core/explain/lens';
import { MITIGATIONS, type MitigationId } from '../core/simulate/mitigations';
import { resimulate } from '../core/simulate/resimulate';
import type { Span } from '../core/text/span';
import type { ExplainParams, ExplainResult, FrontendSummary, LspLocation, TraceParams, TraceResult } from '../protocol';
import type { Positions } from './convert';

/** Names a file as the client knows it (uri.ts): every URI in these answers goes through it. */
type ToClient = (uri: string) => string;

/** `hairpin/trace`: the frontend at the position, simulated again with traces (and what-ifs) on demand. */
export function traceRequest(params: TraceParams, result: AnalysisResult, positions: Positions, toClient: ToClient): TraceResult | null {
  const whatIfs = checkedWhatIfs(params.whatIfs);
  if (params.client !== undefined && params.client !== null && typeof params.client !== 'string') throw invalidParams('client must be a client location such as "pod@n1".');
  const uri = params.textDocument.uri;
  const offset = positions.offset(uri, params.position);
  if (offset === undefined) return null;
  const found = frontendAt(result, uri, offset);
  if (!found) return null;
  const { analysis, applied } = resimulate(found, whatIfs);
  const location = locationOf(analysis.frontend.head, positions, toClient);
  if (!location) return null;
  const known = analysis.simulation.clients.some((c) => c.location === params.client);
  const client = known ? params.client! : (worstClient(analysis) ?? '');
  const report = frontendReport(analysis, location.range.start.line + 1, { allModes: true });
  return { ...report, file: toClient(report.file), location, client, applied };
}

/**
 * The what-ifs asked for, checked: a mistyped id is the caller's error, said as InvalidParams with the
 * ids there are, never silently dropped. (A known id that does not apply to this NLB is skipped, as
 * `applied` shows: the panel keeps its switches across edits.)
 */
function checkedWhatIfs(value: unknown): MitigationId[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw invalidParams('whatIfs must be an array of mitigation ids.');
  const unknown = value.filter((v) => !MITIGATIONS.some((m) => m.id === v));
  if (unknown.length > 0) throw invalidParams(`Unknown what-if ${unknown.map((u) => JSON.stringify(u)).join(', ')}; the what-ifs are ${MITIGATIONS.map((m) => m.id).join(', ')}.`);
  return value as MitigationId[];
}

function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

/** `hairpin/explain`: the hover's explanation as structured data. */
export function explainRequest(params: ExplainParams, result: AnalysisResult, positions: Positions, toClient: ToClient): ExplainResult | null {
  const uri = params.textDocument.uri;
  const offset = positions.offset(uri, params.position);
  if (offset === undefined) return null;
  const e = explainAt(result, uri, offset);
  if (!e) return null;
  const data = explanationData(e);
  const location = locationOf(data.span, positions, toClient);
  if (!location) return null;
  const { span: _span, values, frontend, ...rest } = data;
  const head = frontend && locationOf(frontend.head, positions, toClient);
  return {
    ...rest,
    location,
    values: values.map(({ span, ...v }) => {
      const at = span && locationOf(span, positions, toClient);
      return at ? { ...v, location: at } : v;
    }),
    ...(frontend && head ? { frontend: { id: frontend.id, name: frontend.name, location: head } } : {}),
  };
}

/** `hairpin/frontends`: every NLB with its lens title, failing ones first. */
export function frontendsRequest(result: AnalysisResult, positions: Positions, toClient: ToClient): FrontendSummary[] {
  const names = new Map(result.frontends.map((a) => [a.frontend.id, a.frontend.name]));
  // A local module's NLB has a lens in the module and one on each call: the call's, the instance's own, is listed.
  const lenses = lensesFor(result).filter((lens, i, all) => !all.slice(i + 1).some((l) => l.frontendId === lens.frontendId));
  return lenses
    .flatMap((lens) => {
      const location = locationOf(lens.span, positions, toClient);
      return location ? [{ id: lens.frontendId, name: names.get(lens.frontendId) ?? lens.frontendId, location, title: lens.title, failing: lens.failing }] : [];
    })
    .sort((a, b) => Number(b.failing) - Number(a.failing));
}

function locationOf(span: Span, positions: Positions, toClient: ToClient): LspLocation | undefined {
  const range = positions.range(span);
  return range ? { uri: toClient(span.file), range } : undefined;
}

import type { AnalysisResult } from '../analyze';
import type { Origin } from '../model/sourced';
import { describeOrigin } from '../model/sourced';
import type { ServiceFact } from '../model/service';
import { describeClient } from '../rules/clients';
import { worstFailure } from '../rules/rank-mitigations';
import type { FrontendAnalysis } from '../rules/types';
import type { ClientResult } from '../simulate/enumerate';
import { spanContains, type Span } from '../text/span';
import { crossZoneExplainer, FIELD_EXPLAINERS, idleTimeoutExplainer, preservationExplainer, proxyProtocolExplainer, trafficPolicyExplainer, type ExplainedValue, type FieldExplainer } from './fields';
import { LBC_ANNOTATIONS } from '../parse/lbc-service';
import { worstOf } from './frontend-at';
import { modelFieldAt, type ModelFieldHit } from './model-fields';
import { clusterNote } from './tables';

/** What the hover says, as data: the CLI's `explain`, the `hairpin/explain` request and the hover all render this. */
export interface Explanation {
  /** The field that was asked about. */
  readonly span: Span;
  readonly field: string;
  /** The simulated frontend the field belongs to; absent for a Service that asks for no NLB. */
  readonly analysis?: FrontendAnalysis;
  readonly values: readonly ExplainedValue[];
  /** Said instead of a simulation, when there is none. */
  readonly note?: string;
}

/** The explanation of the field at `offset` in `file`, or undefined when no field that decides the handshake is there. */
export function explainAt(result: AnalysisResult, file: string, offset: number): Explanation | undefined {
  const facts = result.files.find((f) => f.file === file);
  for (const svc of facts?.services ?? []) {
    const hit = serviceFieldAt(svc, offset);
    if (!hit) continue;
    const analysis = serviceFrontend(result, svc, hit);
    if (!analysis) return { span: hit.span, field: hit.label, values: [], note: 'This Service does not ask for an AWS Network Load Balancer, so Hairpin does not simulate it.' };
    return { span: hit.span, field: hit.label, analysis, values: hit.explain(analysis) };
  }
  const field = modelFieldAt(result.frontends, file, offset) ?? findingFieldAt(result, file, offset);
  if (!field) return undefined;
  const values = field.explain(field.analysis);
  return { span: field.span, field: values[0]?.label ?? 'value', analysis: field.analysis, values };
}

/** The value each rule is decided by, as its explainer shows it. */
const RULE_FIELDS: Readonly<Record<string, FieldExplainer>> = {
  HP101: preservationExplainer,
  HP102: preservationExplainer,
  HP103: crossZoneExplainer,
  HP104: proxyProtocolExplainer,
  HP105: idleTimeoutExplainer,
};

/**
 * A finding whose deciding value is an unwritten default sits on the resource head: there the hover
 * explains that default (and where it comes from), not nothing. A head with no finding claims no field.
 */
function findingFieldAt(result: AnalysisResult, file: string, offset: number): ModelFieldHit | undefined {
  for (const f of result.findings) {
    const explain = RULE_FIELDS[f.ruleId];
    if (!explain || f.span.file !== file || !spanContains(f.span, offset)) continue;
    const analysis = result.frontends.find((a) => a.frontend.id === f.frontendId);
    if (analysis) return { analysis, span: f.span, explain };
  }
  return undefined;
}

/** Plain JSON of an explanation; spans stay offsets, for the caller to turn into its own positions. */
export interface ExplanationData {
  readonly span: Span;
  readonly field: string;
  readonly note?: string;
  readonly values: readonly { readonly label: string; readonly value: unknown; readonly origin: Origin; readonly source: string; readonly span?: Span; readonly effect: readonly string[] }[];
  readonly frontend?: { readonly id: string; readonly name: string; readonly head: Span };
  readonly clients: readonly ClientRow[];
  readonly whatIfs: readonly { readonly id: string; readonly title: string; readonly worstFailure: number; readonly collision: number }[];
  readonly collision?: { readonly probability: number; readonly reason: string };
  readonly cluster?: string;
}

export interface ClientRow {
  readonly location: string;
  readonly description: string;
  readonly failureProbability: number;
  readonly failureProbabilityExact: string;
  readonly modes: readonly string[];
  readonly error?: string;
}

export function explanationData(e: Explanation): ExplanationData {
  const a = e.analysis;
  return {
    span: e.span,
    field: e.field,
    ...(e.note ? { note: e.note } : {}),
    values: e.values.map((v) => ({
      label: v.label,
      value: v.value.value,
      origin: v.value.origin,
      source: describeOrigin(v.value),
      ...(v.value.span ? { span: v.value.span } : {}),
      effect: v.effect,
    })),
    ...(a ? { frontend: { id: a.frontend.id, name: a.frontend.name, head: a.frontend.head } } : {}),
    clients: a ? clientRows(a) : [],
    whatIfs: a ? a.whatIfs.map((w) => ({ id: w.mitigation.id, title: w.mitigation.title, worstFailure: worst(w.result.clients), collision: w.result.collision.probability })) : [],
    ...(a ? { collision: { probability: a.simulation.collision.probability, reason: a.simulation.collision.reason }, cluster: clusterNote(a) } : {}),
  };
}

export function clientRows(a: FrontendAnalysis): ClientRow[] {
  return a.simulation.clients.map((c) => ({
    location: c.location,
    description: describeClient(c.location, a.cluster.endpoints.value, !!a.simulation.scenario.plainTargets),
    failureProbability: c.failureProbability.toNumber(),
    failureProbabilityExact: c.failureProbability.toString(),
    modes: c.modes.filter((m) => m.mode !== 'ok').map((m) => m.mode),
    ...(c.error ? { error: c.error } : {}),
  }));
}

/** The worst client's failure probability (rules/rank-mitigations decides what "worst" is). */
export function worst(clients: readonly ClientResult[]): number {
  return worstFailure(clients, () => true).toNumber();
}

/**
 * The frontend a Service field is about: a per-listener annotation (`listener-attributes.TCP-443`) is
 * its port's; the rest apply to every port, and the port that fares worst answers for them.
 */
function serviceFrontend(result: AnalysisResult, svc: ServiceFact, hit: FieldHit): FrontendAnalysis | undefined {
  const own = result.frontends.filter((a) => a.frontend.service === svc);
  if (own.length === 0) return undefined;
  const port = /-(\d+)$/.exec(hit.label.startsWith(`${LBC_ANNOTATIONS.listenerAttributes}.`) ? hit.label : '')?.[1];
  const byPort = port !== undefined ? own.find((a) => a.frontend.listener.port.value === Number(port)) : undefined;
  return byPort ?? worstOf(own);
}

interface FieldHit {
  readonly span: Span;
  readonly label: string;
  readonly explain: FieldExplainer;
}

function serviceFieldAt(svc: ServiceFact, offset: number): FieldHit | undefined {
  for (const ann of svc.annotations) {
    const explain = Object.hasOwn(FIELD_EXPLAINERS, ann.key) ? FIELD_EXPLAINERS[ann.key] : ann.key.startsWith(`${LBC_ANNOTATIONS.listenerAttributes}.`) ? idleTimeoutExplainer : undefined;
    if (!explain) continue;
    if (spanContains(ann.keySpan, offset) || spanContains(ann.valueSpan, offset)) {
      return { span: { file: ann.keySpan.file, start: ann.keySpan.start, end: ann.valueSpan.end }, label: ann.key, explain };
    }
  }
  const key = svc.externalTrafficPolicyKey;
  const value = svc.externalTrafficPolicy.origin === 'explicit' ? svc.externalTrafficPolicy.span : undefined;
  if ((key && spanContains(key, offset)) || (value && spanContains(value, offset))) {
    const s = key ?? value!;
    return { span: { file: s.file, start: s.start, end: value?.end ?? s.end }, label: 'externalTrafficPolicy', explain: trafficPolicyExplainer };
  }
  return undefined;
}

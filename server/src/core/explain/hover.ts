import type { AnalysisResult } from '../analyze';
import type { ServiceFact } from '../model/service';
import { spanContains, type Span } from '../text/span';
import { FIELD_EXPLAINERS, trafficPolicyExplainer, type FieldExplainer } from './fields';
import { modelFieldAt } from './model-fields';
import { clientTable, clusterNote, whatIfList } from './tables';

export interface HoverInfo {
  readonly span: Span;
  readonly markdown: string;
}

/** Hover text for the field at `offset`: its value, where the value came from, and what it does to the handshake. */
export function hoverAt(result: AnalysisResult, file: string, offset: number): HoverInfo | undefined {
  const facts = result.files.find((f) => f.file === file);
  for (const svc of facts?.services ?? []) {
    const hit = fieldAt(svc, offset);
    if (!hit) continue;
    const analysis = result.frontends.find((a) => a.frontend.service === svc);
    if (!analysis) {
      return { span: hit.span, markdown: `**${hit.label}**\n\nThis Service does not ask for an AWS Network Load Balancer, so Hairpin does not simulate it.` };
    }
    const parts = [
      ...hit.explain(analysis),
      clientTable(analysis),
      whatIfList(analysis),
      clusterNote(analysis),
    ].filter(Boolean);
    return { span: hit.span, markdown: parts.join('\n\n') };
  }
  const field = modelFieldAt(result.frontends, file, offset);
  if (!field) return undefined;
  const parts = [...field.explain(field.analysis), clientTable(field.analysis), whatIfList(field.analysis), clusterNote(field.analysis)].filter(Boolean);
  return { span: field.span, markdown: parts.join('\n\n') };
}

interface FieldHit {
  readonly span: Span;
  readonly label: string;
  readonly explain: FieldExplainer;
}

function fieldAt(svc: ServiceFact, offset: number): FieldHit | undefined {
  for (const ann of svc.annotations) {
    const explain = FIELD_EXPLAINERS[ann.key];
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

import type { Sourced } from '../model/sourced';
import type { FrontendAnalysis } from '../rules/types';
import { spanContains, type Span } from '../text/span';
import { crossZoneExplainer, idleTimeoutExplainer, preservationExplainer, proxyProtocolExplainer, schemeExplainer, targetTypeExplainer, trafficPolicyExplainer, type FieldExplainer } from './fields';

export interface ModelFieldHit {
  readonly analysis: FrontendAnalysis;
  readonly span: Span;
  readonly explain: FieldExplainer;
}

/**
 * The model value written at `offset`, in any format (Terraform, CloudFormation, CDK, Gateway API):
 * every reader records where each value was written, so one lookup serves them all. Defaults are
 * skipped: their span is the resource head, and hovering a head should not claim one field.
 */
export function modelFieldAt(frontends: readonly FrontendAnalysis[], file: string, offset: number): ModelFieldHit | undefined {
  for (const a of frontends) {
    const f = a.frontend;
    const fields: [Sourced<unknown>, FieldExplainer][] = [
      [f.loadBalancer.scheme, schemeExplainer],
      [f.loadBalancer.crossZone, crossZoneExplainer],
      [f.targetGroup.targetType, targetTypeExplainer],
      [f.targetGroup.preserveClientIp, preservationExplainer],
      [f.targetGroup.proxyProtocolV2, proxyProtocolExplainer],
      [f.targetGroup.crossZone, crossZoneExplainer],
      [f.trafficPolicy, trafficPolicyExplainer],
      ...(f.listener.idleTimeoutSeconds ? [[f.listener.idleTimeoutSeconds, idleTimeoutExplainer] as [Sourced<unknown>, FieldExplainer]] : []),
      ...(f.backend.idleTimeoutSeconds ? [[f.backend.idleTimeoutSeconds, idleTimeoutExplainer] as [Sourced<unknown>, FieldExplainer]] : []),
      ...(f.backend.tcpKeepaliveSeconds ? [[f.backend.tcpKeepaliveSeconds, idleTimeoutExplainer] as [Sourced<unknown>, FieldExplainer]] : []),
    ];
    for (const [value, explain] of fields) {
      const s = value.span;
      if (value.origin !== 'default' && s && s.file === file && spanContains(s, offset)) return { analysis: a, span: s, explain };
    }
  }
  return undefined;
}

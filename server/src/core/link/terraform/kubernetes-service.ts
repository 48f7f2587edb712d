import type { AnnotationFact, ServiceFact, ServicePortFact, TrafficPolicy } from '../../model/service';
import { byDefault, type Sourced } from '../../model/sourced';
import type { TfBlock, TfValue } from '../../model/terraform';
import { isAttributeListKey, parseKeyValueList } from '../../parse/key-value-list';
import { serviceLoadBalancer } from '../../parse/lbc-service';
import { IGNORE_ANNOTATION, type SuppressionDirective } from '../../suppress/directive';
import { ignoreEntries } from '../../suppress/scan-annotations';
import { blockSource, isDisabled, type ModuleContext } from './context';
import { asNumber, asPort, asString, read, readOptional, type FieldSource } from './fields';
import type { Located } from './module-scope';

const SERVICE_TYPES = new Set(['kubernetes_service', 'kubernetes_service_v1']);
const ETP_WHY = 'Kubernetes: externalTrafficPolicy defaults to Cluster (an empty string also means Cluster)';

/**
 * `kubernetes_service` / `kubernetes_service_v1`: the same Service as in YAML, written in HCL. A
 * LoadBalancer Service with LBC annotations gets its NLB exactly as the YAML reader gives it one; a
 * NodePort Service matters too, since a Terraform target group can send to its node port.
 */
export function readKubernetesServices(ctx: ModuleContext): void {
  for (const [, r] of ctx.scope.resources) {
    if (!SERVICE_TYPES.has(r.node.labels[0]!.value) || isDisabled(ctx, r.node)) continue;
    const svc = readService(ctx, r);
    ctx.facts.services.push(svc);
    const ignore = ignoreDirectives(ctx, r);
    if (ignore.length > 0) ctx.facts.suppressions = [...(ctx.facts.suppressions ?? []), ...ignore];
    const lb = serviceLoadBalancer(svc, ctx.facts.notices);
    if (lb) {
      ctx.facts.loadBalancers.push(lb.loadBalancer);
      ctx.facts.targetGroups.push(...lb.targetGroups);
      ctx.facts.listeners.push(...lb.listeners);
    }
  }
}

function readService(ctx: ModuleContext, r: Located<TfBlock>): ServiceFact {
  const head = r.node.head;
  const child = (parent: TfBlock, type: string) => parent.body?.blocks.find((b) => b.type === type);
  const metadataBlock = child(r.node, 'metadata');
  const specBlock = child(r.node, 'spec');
  const metadata = metadataBlock ? blockSource(ctx, r, metadataBlock) : undefined;
  const spec = specBlock ? blockSource(ctx, r, specBlock) : undefined;
  const name = metadata ? readOptional(metadata, 'name', asString)?.value : undefined;
  const namespace = metadata ? readOptional(metadata, 'namespace', asString)?.value : undefined;
  const typeDefault = byDefault('ClusterIP', 'Kubernetes Service API', head);
  const etpAttr = specBlock?.body?.attributes.find((a) => a.name === 'external_traffic_policy');
  const ports = (specBlock?.body?.blocks ?? []).filter((b) => b.type === 'port').flatMap((p) => readPort(blockSource(ctx, r, p)));
  const selector = stringMap(spec?.get('selector'));
  return {
    kind: 'Service',
    file: r.file,
    name: name ?? '(unnamed)',
    namespace: namespace ?? 'default',
    head,
    type: spec ? read(spec, 'type', asString, typeDefault) : typeDefault,
    externalTrafficPolicy: spec ? read<TrafficPolicy>(spec, 'external_traffic_policy', trafficPolicy, byDefault('Cluster', ETP_WHY, head)) : byDefault('Cluster', ETP_WHY, head),
    ...(etpAttr ? { externalTrafficPolicyKey: etpAttr.nameSpan } : {}),
    ports,
    annotations: annotations(metadata?.get('annotations')),
    ...(selector ? { selector } : {}),
  };
}

/** `"hairpin.io/ignore" = "HP101: reason"` in the metadata's annotations: covers the resource, as the annotation covers a YAML Service. */
function ignoreDirectives(ctx: ModuleContext, r: Located<TfBlock>): SuppressionDirective[] {
  const metadata = r.node.body?.blocks.find((b) => b.type === 'metadata');
  const annotations = metadata ? blockSource(ctx, r, metadata).get('annotations') : undefined;
  if (annotations?.kind !== 'object') return [];
  const entry = annotations.entries.find((e) => e.key === IGNORE_ANNOTATION);
  const value = entry?.value;
  // Written in this resource (not passed in from elsewhere), as a string.
  if (value?.kind !== 'scalar' || typeof value.value !== 'string' || value.span.file !== r.file) return [];
  const exact = value.exactStart;
  return ignoreEntries(value.value, value.span, exact === undefined ? undefined : (i) => exact + i, r.node.span, undefined);
}

function trafficPolicy(raw: string | number | boolean): TrafficPolicy | undefined {
  return raw === '' || raw === 'Cluster' ? 'Cluster' : raw === 'Local' ? 'Local' : undefined;
}

function readPort(src: FieldSource): ServicePortFact[] {
  const port = readOptional(src, 'port', asPort);
  if (!port) return [];
  const targetPort = readOptional(src, 'target_port', asNumber);
  const nodePort = readOptional(src, 'node_port', asPort);
  const name = readOptional(src, 'name', asString);
  const protocol: Sourced<string> = read(src, 'protocol', asString, byDefault('TCP', 'Kubernetes: port protocol defaults to TCP', src.head));
  return [
    {
      ...(name ? { name: name.value } : {}),
      protocol: protocol.value,
      port,
      targetPort: targetPort ?? byDefault(port.value, 'Kubernetes: targetPort defaults to port', port.span ?? src.head),
      ...(nodePort ? { nodePort } : {}),
    },
  ];
}

/** `annotations = { "k" = "v" }`: each with key and value spans; `-attributes` lists item by item. */
function annotations(v: TfValue | undefined): AnnotationFact[] {
  if (v?.kind !== 'object') return [];
  const out: AnnotationFact[] = [];
  for (const e of v.entries) {
    const value = e.value;
    if (value.kind !== 'scalar' || value.value === null) continue;
    const text = String(value.value);
    const exact = value.exactStart;
    out.push({
      key: e.key,
      value: text,
      keySpan: e.keySpan,
      valueSpan: value.span,
      ...(isAttributeListKey(e.key) ? { items: parseKeyValueList(text, value.span, exact !== undefined ? (i) => exact + i : undefined) } : {}),
    });
  }
  return out;
}

function stringMap(v: TfValue | undefined): Record<string, string> | undefined {
  if (v?.kind !== 'object') return undefined;
  // A Map then fromEntries: any key (even __proto__) becomes a plain own property.
  const out = new Map<string, string>();
  for (const e of v.entries) if (e.value.kind === 'scalar' && e.value.value !== null) out.set(e.key, String(e.value.value));
  return Object.fromEntries(out);
}

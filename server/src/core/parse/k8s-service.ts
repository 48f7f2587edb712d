import { isScalar, type Document } from 'yaml';
import { explicit, byDefault, type Sourced } from '../model/sourced';
import type { AnnotationFact, ServiceFact, ServicePortFact, TrafficPolicy } from '../model/service';
import type { Notice } from '../model/workspace';
import { span, type Span } from '../text/span';
import { isAttributeListKey, parseKeyValueList } from './key-value-list';
import { sentence, unknownValueText } from './enum-values';
import { yamlPort } from './ports';
import { asSeq, entries, entry, entryAt, nodeSpan, scalarNumber, scalarOffsetMapper, scalarText, type Entry } from './yaml-ast';

const K8S_SERVICES = 'Kubernetes Service API';

/** Reads one YAML document holding a `kind: Service`; undefined for any other document. */
export function readService(doc: Document, file: string, text: string, notices: Notice[]): ServiceFact | undefined {
  const root = doc.contents;
  if (scalarText(entry(root, 'kind')?.value) !== 'Service') return undefined;
  const metadata = entry(root, 'metadata')?.value;
  const nameEntry = entry(metadata, 'name');
  return serviceFromParts(
    {
      file,
      text,
      name: scalarText(nameEntry?.value) ?? '(unnamed)',
      namespace: scalarText(entry(metadata, 'namespace')?.value) ?? 'default',
      head: nodeSpan(file, nameEntry?.value) ?? nodeSpan(file, entry(root, 'kind')?.keyNode) ?? span(file, 0, 0),
      extent: nodeSpan(file, root),
      spec: entry(root, 'spec')?.value,
      annotationMaps: [entryAt(root, ['metadata', 'annotations'])?.value],
      labels: stringMap(entry(metadata, 'labels')?.value),
    },
    notices,
  );
}

/** A Service described by something other than a Service manifest (an IstioOperator, chart values). */
export interface ServiceParts {
  readonly file: string;
  readonly text: string;
  readonly name: string;
  readonly namespace: string;
  readonly head: Span;
  readonly extent?: Span | undefined;
  /** A node shaped like a ServiceSpec (type, externalTrafficPolicy, ports, selector). */
  readonly spec: unknown;
  /** Annotation maps, later ones winning (chart values merge top-level and service annotations). */
  readonly annotationMaps: readonly unknown[];
  /** The Service's own labels, when the source writes them. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The type when the spec does not say, with the default's source. */
  readonly defaultType?: Sourced<string>;
  /** Ports when the spec lists none (a chart's or operator's defaults). */
  readonly defaultPorts?: readonly ServicePortFact[];
}

export function serviceFromParts(p: ServiceParts, notices: Notice[]): ServiceFact {
  const { file, head, spec } = p;
  const typeEntry = entry(spec, 'type');
  const type: Sourced<string> = typeEntry
    ? explicit(knownValue(typeEntry, file, 'type', SERVICE_TYPES, notices) ?? '', nodeSpan(file, typeEntry.value))
    : (p.defaultType ?? byDefault('ClusterIP', K8S_SERVICES, head));
  const etp = entry(spec, 'externalTrafficPolicy');
  const lbClass = entry(spec, 'loadBalancerClass');
  const hcEntry = entry(spec, 'healthCheckNodePort');
  const hcPort = scalarNumber(hcEntry?.value);
  const ports = readPorts(entry(spec, 'ports')?.value, file, head, notices);
  const annotations = new Map<string, AnnotationFact>();
  for (const map of p.annotationMaps) for (const a of readAnnotations(map, file, p.text)) annotations.set(a.key, a);
  return {
    kind: 'Service',
    file,
    name: p.name,
    namespace: p.namespace,
    head,
    ...(p.extent ? { extent: p.extent } : {}),
    type,
    externalTrafficPolicy: readTrafficPolicy(etp?.value, file, head, notices),
    externalTrafficPolicyKey: nodeSpan(file, etp?.keyNode),
    ports: ports.length > 0 ? ports : [...(p.defaultPorts ?? [])],
    annotations: [...annotations.values()],
    ...(p.labels && Object.keys(p.labels).length > 0 ? { labels: p.labels } : {}),
    selector: stringMap(entry(spec, 'selector')?.value),
    ...(hcPort !== undefined ? { healthCheckNodePort: explicit(hcPort, nodeSpan(file, hcEntry?.value as never)) } : {}),
    ...(lbClass ? { loadBalancerClass: explicit(scalarText(lbClass.value) ?? '', nodeSpan(file, lbClass.value as never)) } : {}),
  };
}

function readTrafficPolicy(node: unknown, file: string, head: ServiceFact['head'], notices: Notice[]): Sourced<TrafficPolicy> {
  const why = 'Kubernetes: externalTrafficPolicy defaults to Cluster (an empty string also means Cluster)';
  if (node === undefined) return byDefault('Cluster', why, head);
  const raw = scalarText(node) ?? '';
  const at = nodeSpan(file, node as never);
  if (raw === '' || raw === 'Cluster') return explicit<TrafficPolicy>('Cluster', at, raw === '' ? why : undefined);
  if (raw === 'Local') return explicit<TrafficPolicy>('Local', at);
  notices.push({ file, level: 'warning', message: `Unknown externalTrafficPolicy "${raw}"; treating it as Cluster.`, span: at });
  return byDefault('Cluster', why, at);
}

/** Each port is a listener simulated on its own: a bound on the work one Service can ask for. */
export const MAX_SERVICE_PORTS = 1000;
const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const PORT_PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

/**
 * A Service field with a fixed set of values, which Kubernetes matches exactly (`tcp` is rejected too):
 * an unknown one is a warning on the value with the nearest valid one, and is kept as written (an
 * unknown type is no LoadBalancer; an unknown protocol reaches no listener).
 */
function knownValue(e: Entry | undefined, file: string, what: string, valid: readonly string[], notices: Notice[]): string | undefined {
  const raw = scalarText(e?.value);
  if (raw === undefined || raw === '' || valid.includes(raw)) return raw;
  const at = nodeSpan(file, e?.value as never);
  if (at) notices.push({ file, level: 'warning', message: `${sentence(`${what}: ${unknownValueText(raw, valid)}`)} Kubernetes rejects this Service.`, span: at });
  return raw;
}

function readPorts(node: unknown, file: string, head: ServiceFact['head'], notices: Notice[]): ServicePortFact[] {
  const seq = asSeq(node);
  if (!seq) return [];
  const ports: ServicePortFact[] = [];
  if (seq.items.length > MAX_SERVICE_PORTS) {
    const at = nodeSpan(file, seq.items[MAX_SERVICE_PORTS] as never) ?? head;
    notices.push({ file, level: 'warning', message: `This Service lists ${seq.items.length} ports; Hairpin simulates the first ${MAX_SERVICE_PORTS} (each is a listener, and an NLB has 50 listeners unless its AWS quota is raised).`, span: at });
  }
  for (const item of seq.items.slice(0, MAX_SERVICE_PORTS)) {
    const rejected = 'Kubernetes rejects this Service; Hairpin leaves this port out';
    const port = yamlPort(entry(item, 'port'), file, 'port', rejected, notices);
    if (port === undefined) continue;
    const tp = entry(item, 'targetPort')?.value;
    // A targetPort may name a container port (`https`); only a number is checked.
    const named = isScalar(tp) && typeof tp.value === 'string' && !/^\d+$/.test(tp.value.trim());
    const targetPort = named ? undefined : yamlPort(entry(item, 'targetPort'), file, 'targetPort', 'Kubernetes rejects this Service; Hairpin uses the port instead', notices);
    const nodePort = yamlPort(entry(item, 'nodePort'), file, 'nodePort', 'Kubernetes rejects this Service; Hairpin leaves the node port unknown', notices);
    const extent = nodeSpan(file, item as never);
    ports.push({
      name: scalarText(entry(item, 'name')?.value),
      ...(extent ? { extent } : {}),
      protocol: knownValue(entry(item, 'protocol'), file, 'protocol', PORT_PROTOCOLS, notices) ?? 'TCP',
      port,
      targetPort: targetPort ?? byDefault(port.value, 'Kubernetes: targetPort defaults to port', port.span ?? head),
      ...(nodePort ? { nodePort } : {}),
    });
  }
  return ports;
}

/** A map of string keys to scalar values, as labels and selectors are. */
export function stringMap(node: unknown): Record<string, string> {
  // A Map then fromEntries: any key (even __proto__) becomes a plain own property.
  const out = new Map<string, string>();
  for (const e of entries(node)) {
    const v = scalarText(e.value);
    if (v !== undefined) out.set(e.key, v);
  }
  return Object.fromEntries(out);
}

function readAnnotations(node: unknown, file: string, text: string): AnnotationFact[] {
  const out: AnnotationFact[] = [];
  for (const e of entries(node)) {
    const value = scalarText(e.value);
    const keySpan = nodeSpan(file, e.keyNode);
    const valueSpan = nodeSpan(file, e.value as never) ?? keySpan;
    if (value === undefined || !keySpan || !valueSpan) continue;
    const isList = isAttributeListKey(e.key);
    const mapper = isList && e.value && 'type' in e.value ? scalarOffsetMapper(text, e.value as never) : undefined;
    out.push({
      key: e.key,
      value,
      keySpan,
      valueSpan,
      ...(isList ? { items: parseKeyValueList(value, valueSpan, mapper) } : {}),
    });
  }
  return out;
}

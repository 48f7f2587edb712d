import type { Manager } from '../model/nlb';
import type { ServiceFact } from '../model/service';
import type { Change } from './changes';
import { annotationEdits, type AnnotationWriter } from './service-annotations';
import type { TextEdit } from './types';
import { documentAt, isMap, isScalar, pairAt, pairOf, parseYamlFile, renderString, replaceScalar, setAt, type YamlFile } from './yaml-edit';
import type { Node, Pair, Scalar, YAMLMap } from 'yaml';

/** Where a Service's annotations and spec sit, relative to the map its head is in. */
interface Layout {
  readonly base: YAMLMap;
  readonly annotations: readonly (readonly string[])[];
  /** Undefined where the Service spec is not written by this file (Istio deploys a Gateway's Service). */
  readonly spec?: readonly string[];
}

/**
 * A Service manifest (`metadata.annotations`, `spec`), an IstioOperator gateway (`k8s.serviceAnnotations`,
 * `k8s.service`), an Istio-class Gateway (`spec.infrastructure.annotations`) or istio/gateway chart
 * values (`service.annotations` or top-level `annotations`, `service`), found from the head span the
 * reader recorded.
 */
function layoutOf(y: YamlFile, svc: ServiceFact): Layout | undefined {
  const doc = documentAt(y, svc.head.start);
  if (!doc || !isMap(doc.contents)) return undefined;
  const root = doc.contents;
  const kind = pairOf(root, 'kind')?.value;
  if (isScalar(kind) && kind.value === 'Service') return { base: root, annotations: [['metadata', 'annotations']], spec: ['spec'] };
  if (isScalar(kind) && kind.value === 'Gateway') return { base: root, annotations: [['spec', 'infrastructure', 'annotations']] };
  const at = pairAt(doc, svc.head.start);
  if (!at) return undefined;
  if (isScalar(kind) && kind.value === 'IstioOperator') return { base: at.map, annotations: [['k8s', 'serviceAnnotations']], spec: ['k8s', 'service'] };
  if (kind !== undefined || pairOf(root, 'apiVersion')) return undefined;
  return { base: at.map, annotations: [['service', 'annotations'], ['annotations']], spec: ['service'] };
}

function mapAt(map: YAMLMap, path: readonly string[]): YAMLMap | undefined {
  let node: unknown = map;
  for (const k of path) node = pairOf(node, k)?.value;
  return isMap(node) ? node : undefined;
}

/** Edits of a Service written in YAML; a string says why none can be made. */
export function yamlServiceEdits(svc: ServiceFact, manager: Manager, changes: readonly Change[], text: string, attributesIgnored = false): TextEdit[] | string {
  const y = parseYamlFile(svc.file, text);
  const layout = y && layoutOf(y, svc);
  if (!y || !layout) return `The Service ${svc.namespace}/${svc.name} could not be found again in ${svc.file} (it has syntax errors or changed).`;
  const edits: TextEdit[] = [];
  const own = changes.filter((c) => c.setting !== 'local-policy');
  if (own.length > 0) {
    const result = annotationEdits(svc, manager, own, writer(y, layout), attributesIgnored);
    if (typeof result === 'string') return result;
    edits.push(...result);
  }
  if (changes.some((c) => c.setting === 'local-policy')) {
    const spec = layout.spec;
    if (!spec) return `Istio deploys the Service of this Gateway and sets no traffic policy: externalTrafficPolicy cannot be written in ${svc.file}.`;
    const e = setAt(y, layout.base, [...spec, 'externalTrafficPolicy'], renderString('Local', quoteOf(pairOf(mapAt(layout.base, spec), 'externalTrafficPolicy')?.value), y.json), (n) => replaceScalar(y, n, 'Local'));
    if (!e) return `externalTrafficPolicy could not be placed under ${spec.join('.')} in ${svc.file}.`;
    edits.push(e);
  }
  return edits;
}

function quoteOf(node: unknown): Scalar.Type | undefined {
  return isScalar(node) ? node.type : undefined;
}

function writer(y: YamlFile, layout: Layout): AnnotationWriter {
  const annotationMap = () => layout.annotations.map((p) => mapAt(layout.base, p)).find((m) => m !== undefined);
  return {
    file: y.file,
    text: y.text,
    replaceValue(fact, value) {
      const doc = documentAt(y, fact.valueSpan.start);
      const at = doc && pairAt(doc, fact.valueSpan.start);
      return at && isScalar(at.pair.value) ? replaceScalar(y, at.pair.value, value) : undefined;
    },
    insert(entries) {
      const map = annotationMap();
      // New annotations follow their siblings' quoting: a file that quotes annotation values keeps doing so.
      const like = map && quoteOf((map.items as Pair<Node, Node | null>[]).find((p) => isScalar(p.value))?.value);
      if (map) {
        const existing = map.items.length;
        if (existing === 0 && !map.flow) return undefined;
        const edits = entries.map(([k, v]) => setAt(y, map, [k], renderString(v, like, y.json), () => undefined));
        return edits.length === 1 ? edits[0] : merged(edits);
      }
      const path = layout.annotations[0]!;
      const first = entries[0]!;
      if (entries.length > 1) return undefined;
      return setAt(y, layout.base, [...path, first[0]], renderString(first[1], undefined, y.json), () => undefined);
    },
  };
}

/** Several insertions at one point become one edit, in order. */
function merged(edits: readonly (TextEdit | undefined)[]): TextEdit | undefined {
  if (edits.some((e) => !e)) return undefined;
  const all = edits as TextEdit[];
  const first = all[0]!;
  return all.every((e) => e.start === first.start && e.end === first.end && e.start === e.end) ? { ...first, newText: all.map((e) => e.newText).join('') } : undefined;
}

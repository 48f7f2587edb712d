import type { Manager } from '../model/nlb';
import type { ServiceFact } from '../model/service';
import type { TfBlock, TfExpr } from '../model/terraform';
import { readHcl } from '../parse/terraform/read-hcl';
import type { Change } from './changes';
import { blockEntries, insertAttributes, objectEntries, replaceLiteral } from './hcl-edit';
import { annotationEdits, type AnnotationWriter } from './service-annotations';
import { endOfLineAfter, indentOfLine, newlineOf } from './text-layout';
import type { TextEdit } from './types';

/** An HCL string literal for `value` (`${` and `%{` would start templates). */
function hclString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '$${').replace(/%\{/g, '%%{')}"`;
}

/**
 * A `kubernetes_service` / `kubernetes_service_v1` resource: annotations in `metadata { annotations = {…} }`
 * and `spec { external_traffic_policy }`, edited like the YAML Service. Services that come from a
 * `helm_release`'s values get no edit (they are layered from several places): the proposal says where.
 */
export function hclServiceEdits(svc: ServiceFact, manager: Manager, changes: readonly Change[], text: string, attributesIgnored = false): TextEdit[] | string {
  const read = readHcl(svc.file, text);
  const resource = read?.body.blocks.find((b) => b.head.start === svc.head.start && b.head.end === svc.head.end);
  if (!resource) return `The Service ${svc.namespace}/${svc.name} comes from chart values in ${svc.file} (a helm_release): set the value in those chart values.`;
  if (resource.brokenAt) return `The resource ${resource.labels.map((l) => l.value).join('.')} has a syntax error; fix it first.`;
  const child = (type: string) => resource.body?.blocks.find((b) => b.type === type);
  const edits: TextEdit[] = [];
  const own = changes.filter((c) => c.setting !== 'local-policy');
  if (own.length > 0) {
    const metadata = child('metadata');
    if (!metadata) return `${svc.file}: the Service has no metadata block.`;
    const result = annotationEdits(svc, manager, own, writer(svc.file, text, metadata), attributesIgnored);
    if (typeof result === 'string') return result;
    edits.push(...result);
  }
  if (changes.some((c) => c.setting === 'local-policy')) {
    const spec = child('spec');
    if (!spec) return `${svc.file}: the Service has no spec block.`;
    const written = spec.body?.attributes.find((a) => a.name === 'external_traffic_policy');
    const e = written ? replaceLiteral(svc.file, text, written.value.span, 'Local') : insertAttributes(svc.file, text, blockEntries(text, spec), [['external_traffic_policy', '"Local"']]);
    if (e === undefined) return `external_traffic_policy is set by an expression in ${svc.file}: set it to "Local" where that value comes from.`;
    if (e) edits.push(e);
  }
  return edits;
}

function writer(file: string, text: string, metadata: TfBlock): AnnotationWriter {
  const annotations = metadata.body?.attributes.find((a) => a.name === 'annotations');
  const object: Extract<TfExpr, { kind: 'object' }> | undefined = annotations?.value.kind === 'object' ? annotations.value : undefined;
  return {
    file,
    text,
    replaceValue(fact, value) {
      const raw = text.slice(fact.valueSpan.start, fact.valueSpan.end);
      return /^"[^"\\$%]*"$/.test(raw) ? { file, start: fact.valueSpan.start, end: fact.valueSpan.end, newText: hclString(value) } : undefined;
    },
    insert(entries) {
      const attrs = entries.map(([k, v]) => [hclString(k), hclString(v)] as const);
      if (object) return insertAttributes(file, text, objectEntries(text, object), attrs);
      if (annotations) return undefined; // annotations = var.x or merge(...): not a literal map here
      const nl = newlineOf(text);
      const attributes = metadata.body?.attributes ?? [];
      const last = attributes[attributes.length - 1];
      if (!last) return undefined;
      const indent = indentOfLine(text, last.nameSpan.start);
      const width = Math.max(...attrs.map(([k]) => k.length)) + 1;
      const block = ['annotations = {', ...attrs.map(([k, v]) => `  ${k}${' '.repeat(width - k.length)}= ${v}`), '}'].map((l) => indent + l).join(nl);
      const at = endOfLineAfter(text, last.span.end);
      return { file, start: at, end: at, newText: nl + block };
    },
  };
}

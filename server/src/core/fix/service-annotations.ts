import type { Manager } from '../model/nlb';
import type { AnnotationFact, ServiceFact } from '../model/service';
import { IDLE_TIMEOUT_ATTRIBUTE } from '../model/aws-defaults';
import { LBC_ANNOTATIONS } from '../parse/lbc-service';
import type { KeyValueItem } from '../parse/key-value-list';
import type { Change } from './changes';
import type { TextEdit } from './types';

/** How one format writes a Service's annotations (a YAML map, an HCL `annotations = {…}` object). */
export interface AnnotationWriter {
  readonly file: string;
  readonly text: string;
  /** Replaces an annotation's whole value, in that value's quoting style. */
  replaceValue(fact: AnnotationFact, value: string): TextEdit | undefined;
  /** Adds annotations that are not written yet, after their siblings (creating the map when needed). */
  insert(entries: readonly (readonly [string, string])[]): TextEdit | undefined;
}

type Wanted =
  | { readonly kind: 'item'; readonly annotation: string; readonly key: string; readonly value: string }
  | { readonly kind: 'value'; readonly annotation: string; readonly value: string }
  | { readonly kind: 'remove'; readonly annotation: string };

/** The AWS Load Balancer Controller annotations (FACTS.md §3) that write each change. */
function wantedFor(c: Change, svc: ServiceFact, manager: Manager): Wanted | readonly Wanted[] | string {
  const A = LBC_ANNOTATIONS;
  const has = (key: string) => svc.annotations.some((a) => a.key === key);
  // A port's own `…-target-group-attributes.<port>` entry wins over the Service-wide one (lbc-service-ports.ts): the edit goes where the value in force is.
  const perPort = c.servicePort === undefined ? undefined : svc.annotations.find((a) => a.key === `${A.tgAttributes}.${c.servicePort}`);
  const tgItem = (key: string, value: string): Wanted => ({ kind: 'item', annotation: perPort?.items?.some((i) => i.key === key && i.value !== '') ? perPort.key : A.tgAttributes, key, value });
  switch (c.setting) {
    case 'preserve-off':
      return tgItem('preserve_client_ip.enabled', 'false');
    case 'proxy-on':
      return tgItem('proxy_protocol_v2.enabled', 'true');
    case 'proxy-off': {
      // `aws-load-balancer-proxy-protocol: "*"` wins over the attribute: it goes, and a written `true` becomes `false`.
      const key = 'proxy_protocol_v2.enabled';
      const item = [svc.annotations.find((a) => a.key === A.tgAttributes), perPort].some((a) => a?.items?.some((i) => i.key === key && i.value !== ''));
      const out: Wanted[] = [...(has(A.proxyProtocol) ? [{ kind: 'remove' as const, annotation: A.proxyProtocol }] : []), ...(item ? [tgItem(key, 'false')] : []), ...perTargetGroupOff(svc, c.servicePort)];
      return out.length > 0 ? out : 'Proxy protocol v2 is not turned on by this Service’s annotations.';
    }
    case 'backend-proxy-on':
    case 'backend-proxy-off':
    case 'backend-idle-timeout':
      return 'a backend setting is not a Service annotation';
    case 'listener-idle-timeout': {
      // LBC: `aws-load-balancer-listener-attributes.TCP-443: tcp.idle_timeout.seconds=<n>`; an existing key of another case is kept.
      const wantedKey = `${A.listenerAttributes}.${c.listenerKey ?? 'TCP-443'}`;
      const annotation = svc.annotations.find((a) => a.key.toLowerCase() === wantedKey.toLowerCase())?.key ?? wantedKey;
      if (manager === 'in-tree') return 'The legacy in-tree NLB (aws-load-balancer-type: nlb) does not set listener attributes: raise the timeout on the listener in AWS, or move the Service to the AWS Load Balancer Controller (aws-load-balancer-type: external).';
      return { kind: 'item', annotation, key: IDLE_TIMEOUT_ATTRIBUTE, value: String(c.seconds) };
    }
    case 'cross-zone-off': {
      if (c.on === 'tg') return tgItem('load_balancing.cross_zone.enabled', 'false');
      const lbItem = svc.annotations.find((a) => a.key === A.lbAttributes)?.items?.some((i) => i.key === 'load_balancing.cross_zone.enabled');
      // The legacy provider reads only the old annotation; the controller still honours it when the attribute is absent.
      if (manager === 'in-tree' || (!lbItem && has(A.crossZoneLegacy))) return { kind: 'value', annotation: A.crossZoneLegacy, value: 'false' };
      return { kind: 'item', annotation: A.lbAttributes, key: 'load_balancing.cross_zone.enabled', value: 'false' };
    }
    case 'ip-targets':
      // Under the legacy in-tree provider this is written together with aws-load-balancer-type: external (see toController).
      return { kind: 'value', annotation: A.targetType, value: 'ip' };
    case 'local-policy':
      return 'externalTrafficPolicy is not an annotation';
  }
}

/** `aws-load-balancer-proxy-protocol-per-target-group: "80, 443"` without this port (the annotation goes when it was the only one). */
function perTargetGroupOff(svc: ServiceFact, port: number | undefined): Wanted[] {
  const annotation = LBC_ANNOTATIONS.proxyProtocolPerTargetGroup;
  const list = svc.annotations.find((a) => a.key === annotation);
  if (!list || port === undefined) return [];
  const entries = list.value.split(',').map((p) => p.trim()).filter(Boolean);
  if (!entries.includes(String(port))) return [];
  const rest = entries.filter((p) => p !== String(port));
  return [rest.length === 0 ? { kind: 'remove', annotation } : { kind: 'value', annotation, value: rest.join(/,\s/.test(list.value) ? ', ' : ',') }];
}

/**
 * Whether the change needs the Service handed to the AWS Load Balancer Controller: the legacy in-tree
 * provider ignores aws-load-balancer-nlb-target-type always, and a value already written means that it
 * ignores that value too, as it ignores every target-group attribute (`attributesIgnored`) unless the
 * cluster runs cloud-provider-aws v1.35.0 or later. A fix never offers to write what is already written.
 */
function toController(svc: ServiceFact, manager: Manager, changes: readonly Change[], wanted: readonly Wanted[], attributesIgnored: boolean): boolean {
  if (manager !== 'in-tree') return false;
  if (changes.some((c) => c.setting === 'ip-targets')) return true;
  if (attributesIgnored && wanted.some((x) => x.annotation.startsWith(LBC_ANNOTATIONS.tgAttributes))) return true;
  return wanted.some((x) => {
    const fact = svc.annotations.find((a) => a.key === x.annotation);
    if (!fact) return false;
    if (x.kind === 'remove') return false;
    return x.kind === 'value' ? fact.value.trim() === x.value : (fact.items ?? []).some((i) => i.key === x.key && i.value === x.value);
  });
}

/** Whether an item's span covers exactly its `key=value` text (not the whole value as a fallback). */
function exact(text: string, item: KeyValueItem): boolean {
  return text.slice(item.span.start, item.span.end).replace(/\s*=\s*/, '=') === `${item.key}=${item.value}`;
}

/**
 * Edits that write `changes` into a Service's annotations: an item of a `k=v,k=v` list is replaced in
 * place or appended to the list, so no key is ever written twice; missing annotations are added.
 */
export function annotationEdits(svc: ServiceFact, manager: Manager, changes: readonly Change[], w: AnnotationWriter, attributesIgnored = false): TextEdit[] | string {
  const wanted: Wanted[] = [];
  for (const c of changes) {
    const x = wantedFor(c, svc, manager);
    if (typeof x === 'string') return x;
    wanted.push(...(Array.isArray(x) ? x : [x as Wanted]));
  }
  if (toController(svc, manager, changes, wanted, attributesIgnored)) wanted.unshift({ kind: 'value', annotation: LBC_ANNOTATIONS.type, value: 'external' });
  const edits: TextEdit[] = [];
  const added: [string, string][] = [];
  for (const annotation of [...new Set(wanted.map((x) => x.annotation))]) {
    const fact = svc.annotations.find((a) => a.key === annotation);
    // Chart values layered from several files (a helm_release's values file and its set blocks): edit where it is written.
    if (fact && (fact.keySpan.file !== w.file || fact.valueSpan.file !== w.file)) throw new UnplaceableEdit(`${annotation} is written in ${fact.valueSpan.file}: change it there.`);
    const mine = wanted.filter((x) => x.annotation === annotation);
    if (mine.some((x) => x.kind === 'remove')) {
      if (fact) edits.push(required(removeLines(w.file, w.text, fact), annotation));
      continue;
    }
    const whole = mine.find((x) => x.kind === 'value');
    const items = mine.filter((x): x is Extract<Wanted, { kind: 'item' }> => x.kind === 'item');
    if (whole && whole.kind === 'value') {
      if (!fact) added.push([annotation, whole.value]);
      else if (fact.value.trim() !== whole.value) edits.push(required(w.replaceValue(fact, whole.value), annotation));
      continue;
    }
    if (!fact) {
      added.push([annotation, items.map((i) => `${i.key}=${i.value}`).join(',')]);
      continue;
    }
    edits.push(...listEdits(fact, items, w));
  }
  if (added.length > 0) edits.push(required(w.insert(added), 'annotations'));
  return edits;
}

function listEdits(fact: AnnotationFact, items: readonly { key: string; value: string }[], w: AnnotationWriter): TextEdit[] {
  const written = fact.items ?? [];
  const allExact = written.length > 0 && written.every((i) => exact(w.text, i));
  if (!allExact) {
    // Folded or escaped values have no exact item offsets: the whole value is written again, items in their order.
    const next = written.map((i) => `${i.key}=${items.find((x) => x.key === i.key)?.value ?? i.value}`);
    for (const x of items) if (!written.some((i) => i.key === x.key)) next.push(`${x.key}=${x.value}`);
    return [required(w.replaceValue(fact, next.join(',')), fact.key)];
  }
  const edits: TextEdit[] = [];
  const appended: string[] = [];
  for (const x of items) {
    const at = written.filter((i) => i.key === x.key);
    if (at.length === 0) appended.push(`${x.key}=${x.value}`);
    // The controller takes the last of repeated keys; each is set so none disagrees.
    for (const i of at) if (i.value !== x.value) edits.push({ file: w.file, start: i.span.start, end: i.span.end, newText: `${x.key}=${x.value}` });
  }
  if (appended.length > 0) {
    const sorted = [...written].sort((a, b) => a.span.start - b.span.start);
    const end = sorted[sorted.length - 1]!.span.end;
    // The list's own separator (`,` or `, `) between its last two items, when it has two.
    const between = sorted.length > 1 ? w.text.slice(sorted[sorted.length - 2]!.span.end, sorted[sorted.length - 1]!.span.start) : ',';
    const sep = /^[ \t]*,[ \t]*$/.test(between) ? between : ',';
    edits.push({ file: w.file, start: end, end, newText: appended.map((x) => `${sep}${x}`).join('') });
  }
  return edits;
}

/** Deletes an annotation written on lines of its own (block style); undefined for any other layout. */
function removeLines(file: string, text: string, fact: AnnotationFact): TextEdit | undefined {
  const start = text.lastIndexOf('\n', fact.keySpan.start - 1) + 1;
  const eol = text.indexOf('\n', fact.valueSpan.end);
  const end = eol < 0 ? text.length : eol + 1;
  const before = text.slice(start, fact.keySpan.start);
  const after = text.slice(fact.valueSpan.end, eol < 0 ? text.length : eol);
  if (!/^[ \t]*["']?$/.test(before) || !/^["']?[ \t]*,?[ \t]*(#.*)?\r?$/.test(after)) return undefined;
  return { file, start, end, newText: '' };
}

/** A writer that cannot place an edit is a bug in the layout it was given; the proposal says so instead. */
function required(e: TextEdit | undefined, what: string): TextEdit {
  if (!e) throw new UnplaceableEdit(`Could not place the edit of ${what} in this file's layout.`);
  return e;
}

export class UnplaceableEdit extends Error {}

import type { Frontend } from '../model/frontend';
import type { LoadBalancerModel, TargetGroupModel } from '../model/nlb';
import type { TfBlock, TfBody, TfExpr } from '../model/terraform';
import { readHcl } from '../parse/terraform/read-hcl';
import type { Span } from '../text/span';
import { currentValue, type Change } from './changes';
import { blockEntries, insertAttributes, objectEntries, replaceLiteral } from './hcl-edit';
import type { TextEdit, TextOf } from './types';

/** The attribute that writes a change, and its value as `aws_lb_target_group` / `aws_lb` and the alb module take it. */
function attributeOf(c: Change): { name: string; value: string | boolean | number } {
  switch (c.setting) {
    case 'preserve-off':
      return { name: 'preserve_client_ip', value: 'false' }; // a string in the AWS provider
    case 'proxy-on':
      return { name: 'proxy_protocol_v2', value: true };
    case 'backend-proxy-on':
    case 'backend-proxy-off':
    case 'backend-idle-timeout':
      throw new Error('a backend setting is not written on the load balancer'); // fixes.ts sends these to backend-fix.ts
    case 'listener-idle-timeout':
      return { name: 'tcp_idle_timeout_seconds', value: c.seconds! }; // aws_lb_listener and the alb module's listeners
    case 'proxy-off':
      return { name: 'proxy_protocol_v2', value: false };
    case 'cross-zone-off':
      return c.on === 'tg' ? { name: 'load_balancing_cross_zone_enabled', value: 'false' } : { name: 'enable_cross_zone_load_balancing', value: false };
    case 'ip-targets':
      return { name: 'target_type', value: 'ip' };
    case 'local-policy':
      return { name: 'external_traffic_policy', value: 'Local' };
  }
}

const render = (v: string | boolean | number) => (typeof v === 'string' ? `"${v}"` : String(v));

/**
 * Terraform: a written value is changed where it is written (the resource, a `.tfvars` line, a
 * variable's default, a module's map entry), keeping its quoting; an unwritten one is added to the
 * resource block or the alb module's block or target_groups entry. A value Terraform only knows at
 * apply time, or one passed through an input with no literal here, gets no edit and says why.
 */
export function terraformEdits(changes: readonly Change[], f: Frontend, textOf: TextOf): TextEdit[] | string {
  const edits: TextEdit[] = [];
  const inserts = new Map<Holder, [string, string][]>();
  for (const c of changes) {
    const { name, value } = attributeOf(c);
    const current = currentValue(c, f);
    if (current.origin === 'explicit' || current.origin === 'inferred') {
      const span = current.span;
      const text = span && textOf(span.file);
      const e = span && text !== undefined ? replaceLiteral(span.file, text, span, value) : undefined;
      if (e) edits.push(e);
      else if (e === undefined) {
        return `${name} is set by ${span && text !== undefined ? `\`${text.slice(span.start, span.end)}\`` : 'an expression'}${current.why ? ` (${current.why})` : ''}, not a literal in these files: set it to ${render(value)} where that value comes from.`;
      }
      continue;
    }
    if (current.origin === 'assumed') return `${name} is not known before apply (${current.why ?? 'an unresolved expression'}): set it to ${render(value)} where that value comes from.`;
    const holder: Holder | undefined = c.on === 'lb' ? f.loadBalancer : c.on === 'listener' ? listenerHolder(current.span) : f.targetGroup;
    if (!holder) return `The listener of ${f.name} is not written in these files: set ${name} = ${render(value)} on it.`;
    const same = [...inserts.keys()].find((h) => h.file === holder.file && h.head.start === holder.head.start) ?? holder;
    inserts.set(same, [...(inserts.get(same) ?? []), [name, render(value)]]);
  }
  for (const [holder, attrs] of inserts) {
    const text = textOf(holder.file);
    if (text === undefined) return `The text of ${holder.file} is not available.`;
    const e = insertInto(holder.file, text, holder.head, attrs);
    if (!e) return `Could not find where to add ${attrs.map(([n]) => n).join(' and ')} in ${holder.file}.`;
    edits.push(e);
  }
  return edits;
}

/** What an unwritten attribute is added to: a resource or module block, or an entry of the alb module's maps. */
type Holder = Pick<LoadBalancerModel | TargetGroupModel, 'file' | 'head'>;

/** A listener's default idle timeout sits on the listener block's head (or its alb module map entry). */
function listenerHolder(span: Span | undefined): Holder | undefined {
  return span ? { file: span.file, head: span } : undefined;
}

/** Adds the attribute to the resource or module block whose head is `head`, or to the alb module's target_groups entry there. */
function insertInto(file: string, text: string, head: Span, attrs: readonly [string, string][]): TextEdit | undefined {
  const read = readHcl(file, text);
  if (!read) return undefined;
  const block = findBlock(read.body, (b) => b.head.start === head.start && b.head.end === head.end);
  if (block) return block.brokenAt ? undefined : insertAttributes(file, text, blockEntries(text, block), attrs);
  for (const m of read.body.blocks.filter((b) => b.type === 'module')) {
    for (const input of ['target_groups', 'listeners', 'http_tcp_listeners', 'https_listeners']) {
      const groups = m.body?.attributes.find((a) => a.name === input)?.value;
      const entry = groups && entryObject(groups, head);
      if (entry) return insertAttributes(file, text, objectEntries(text, entry), attrs);
    }
  }
  return undefined;
}

function findBlock(body: TfBody, match: (b: TfBlock) => boolean): TfBlock | undefined {
  for (const b of body.blocks) {
    if (match(b)) return b;
    const inner = b.body && findBlock(b.body, match);
    if (inner) return inner;
  }
  return undefined;
}

/** A target_groups entry: `key = { … }` in a map (v9, head on the key) or `{ … }` in a list (v8, head on the object). */
function entryObject(groups: TfExpr, head: Span): Extract<TfExpr, { kind: 'object' }> | undefined {
  if (groups.kind === 'object') {
    const item = groups.items.find((i) => i.key.span.start === head.start);
    return item?.value.kind === 'object' ? item.value : undefined;
  }
  if (groups.kind === 'tuple') {
    const item = groups.items.find((i) => i.span.start === head.start);
    return item?.kind === 'object' ? item : undefined;
  }
  return undefined;
}

import type { YAMLMap } from 'yaml';
import type { Frontend } from '../model/frontend';
import type { LoadBalancerModel, TargetGroupModel } from '../model/nlb';
import { currentValue, type Change } from './changes';
import type { TextEdit, TextOf } from './types';
import { appendAttributes } from './attribute-list';
import { IDLE_TIMEOUT_ATTRIBUTE } from '../model/aws-defaults';
import { documentAt, isMap, pairAt, pairOf, parseYamlFile, renderString, replaceWrittenScalar, setAt, type YamlFile } from './yaml-edit';

type Where = { readonly list: 'TargetGroupAttributes' | 'LoadBalancerAttributes' | 'ListenerAttributes'; readonly key: string; readonly value: string } | { readonly property: 'TargetType'; readonly value: string };

function whereOf(c: Change): Where {
  switch (c.setting) {
    case 'preserve-off':
      return { list: 'TargetGroupAttributes', key: 'preserve_client_ip.enabled', value: 'false' };
    case 'proxy-on':
      return { list: 'TargetGroupAttributes', key: 'proxy_protocol_v2.enabled', value: 'true' };
    case 'listener-idle-timeout':
      return { list: 'ListenerAttributes', key: IDLE_TIMEOUT_ATTRIBUTE, value: String(c.seconds) };
    case 'backend-proxy-on':
    case 'backend-proxy-off':
    case 'backend-idle-timeout':
      throw new Error('a backend setting is not written on the load balancer'); // fixes.ts sends these to backend-fix.ts
    case 'proxy-off':
      return { list: 'TargetGroupAttributes', key: 'proxy_protocol_v2.enabled', value: 'false' };
    case 'cross-zone-off':
      return { list: c.on === 'tg' ? 'TargetGroupAttributes' : 'LoadBalancerAttributes', key: 'load_balancing.cross_zone.enabled', value: 'false' };
    case 'ip-targets':
    case 'local-policy':
      return { property: 'TargetType', value: 'ip' };
  }
}

/**
 * CloudFormation, in YAML or JSON: a written attribute value or TargetType is replaced in its own
 * quoting (a boolean stays a boolean); an unwritten one becomes a `{Key, Value}` entry appended to
 * the resource's attribute list (the list is added when missing), or the TargetType property.
 * Values through `!Ref` / `Fn::If` and friends get no edit: the proposal names them.
 */
export function cloudFormationEdits(changes: readonly Change[], f: Frontend, textOf: TextOf): TextEdit[] | string {
  const edits: TextEdit[] = [];
  const appended = new Map<string, { holder: Holder; list: string; items: [string, string][] }>();
  for (const c of changes) {
    const where = whereOf(c);
    const current = currentValue(c, f);
    const listenerAt = c.on === 'listener' ? current.span : undefined;
    if (c.on === 'listener' && !listenerAt) return `The listener of ${f.name} is not written in these files: add ${IDLE_TIMEOUT_ATTRIBUTE} to its ListenerAttributes.`;
    const holder: Holder = listenerAt ? { id: f.listener.id, file: listenerAt.file, head: listenerAt } : c.on === 'lb' ? f.loadBalancer : f.targetGroup;
    const text = textOf(holder.file);
    const y = text !== undefined ? parseYamlFile(holder.file, text) : undefined;
    if (!y) return `The text of ${holder.file} is not available.`;
    if (current.origin !== 'default') {
      const e = current.span && replaceWrittenScalar(y, current.span.start, where.value);
      if (e === null) continue;
      if (!e) return `${'key' in where ? where.key : where.property} is set by ${current.span ? `\`${y.text.slice(current.span.start, current.span.end)}\`` : 'an expression'}${current.why ? ` (${current.why})` : ''}: change it to ${where.value} where that value comes from.`;
      edits.push(e);
      continue;
    }
    const properties = propertiesOf(y, holder);
    if (!properties) return `The Properties of ${holder.head.file} could not be found again.`;
    if ('property' in where) {
      const e = setAt(y, properties, ['TargetType'], renderString(where.value, undefined, y.json), () => undefined);
      if (!e) return 'TargetType could not be placed.';
      edits.push(e);
      continue;
    }
    const k = `${holder.id}|${where.list}`;
    const entry = appended.get(k) ?? { holder, list: where.list, items: [] };
    entry.items.push([where.key, where.value]);
    appended.set(k, entry);
  }
  for (const { holder, list, items } of appended.values()) {
    const y = parseYamlFile(holder.file, textOf(holder.file)!)!;
    const e = appendAttributes(y, propertiesOf(y, holder)!, list, items, ['Key', 'Value']);
    if (typeof e === 'string') return e;
    edits.push(e);
  }
  return edits;
}

type Holder = Pick<LoadBalancerModel | TargetGroupModel, 'id' | 'file' | 'head'>;

function propertiesOf(y: YamlFile, holder: Holder): YAMLMap | undefined {
  const doc = documentAt(y, holder.head.start);
  const at = doc && pairAt(doc, holder.head.start);
  const props = at && pairOf(at.pair.value, 'Properties')?.value;
  return isMap(props) ? props : undefined;
}

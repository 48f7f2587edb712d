import type { YAMLMap } from 'yaml';
import type { Frontend } from '../model/frontend';
import { appendAttributes } from './attribute-list';
import { UnplaceableEdit } from './service-annotations';
import { currentValue, type Change } from './changes';
import type { TextEdit, TextOf } from './types';
import { documentAt, isMap, isScalar, pairOf, parseYamlFile, renderString, replaceWrittenScalar, setAt, type YamlFile } from './yaml-edit';

/** The target-group attribute (or `targetType`) of a change, as the controller's configurations spell it. */
function attributeOf(c: Change): { key: string; value: string } {
  switch (c.setting) {
    case 'preserve-off':
      return { key: 'preserve_client_ip.enabled', value: 'false' };
    case 'proxy-on':
      return { key: 'proxy_protocol_v2.enabled', value: 'true' };
    case 'listener-idle-timeout':
      throw new UnplaceableEdit(`Set the listener attribute tcp.idle_timeout.seconds=${c.seconds} for this Gateway's listener (LoadBalancerConfiguration listenerConfigurations).`);
    case 'backend-proxy-on':
    case 'backend-proxy-off':
    case 'backend-idle-timeout':
      throw new Error('a backend setting is not written on the load balancer'); // fixes.ts sends these to backend-fix.ts
    case 'proxy-off':
      return { key: 'proxy_protocol_v2.enabled', value: 'false' };
    case 'cross-zone-off':
      return { key: 'load_balancing.cross_zone.enabled', value: 'false' };
    case 'ip-targets':
    case 'local-policy':
      return { key: 'targetType', value: 'ip' };
  }
}

/**
 * Gateway API with the AWS Load Balancer Controller: target-group settings live in the
 * TargetGroupConfiguration of the backend Service (`spec.defaultConfiguration.targetGroupAttributes`,
 * `targetType`), load-balancer ones in the LoadBalancerConfiguration. A written value is replaced;
 * a missing attribute is appended to the configuration the model already found; with no
 * configuration in the workspace, the proposal says which one to add.
 */
export function gatewayApiEdits(changes: readonly Change[], f: Frontend, textOf: TextOf): TextEdit[] | string {
  const tg = f.targetGroup;
  const edits: TextEdit[] = [];
  const appended: [string, string][] = [];
  let targetType = false;
  for (const c of changes) {
    const { key, value } = attributeOf(c);
    const current = currentValue(c, f);
    if (current.origin === 'explicit' && current.span) {
      const text = textOf(current.span.file);
      const y = text !== undefined ? parseYamlFile(current.span.file, text) : undefined;
      const e = y && replaceWrittenScalar(y, current.span.start, value);
      if (e === undefined) return `${key} could not be changed where it is written (${current.span.file}).`;
      if (e) edits.push(e);
    } else if (c.on === 'lb') {
      return `Set ${key}=${value} in the Gateway's LoadBalancerConfiguration (spec.loadBalancerAttributes).`;
    } else if (key === 'targetType') targetType = true;
    else appended.push([key, value]);
  }
  if (appended.length === 0 && !targetType) return edits;
  // The configuration is found through a value the model read from it (its target type, usually), else
  // by its targetReference next to the backend Service or the Gateway (it may set nothing the model reads).
  const written = [tg.targetType, tg.preserveClientIp, tg.proxyProtocolV2, tg.crossZone].find((s) => s.origin === 'explicit' && s.span);
  const service = f.service ? `${f.service.namespace}/${f.service.name}` : 'the backend Service';
  const wanted = [...appended.map(([k, v]) => `${k}=${v}`), ...(targetType ? ['targetType: ip'] : [])].join(', ');
  const referring = written?.span ? undefined : referringConfiguration(f, textOf);
  if (referring && 'missing' in referring) return `The TargetGroupConfiguration of ${service} in ${referring.missing} has no spec.defaultConfiguration: add one that sets ${wanted}.`;
  const defaults = written?.span ? defaultConfiguration(written.span.file, written.span.start, textOf) : referring;
  if (!defaults) return `Hairpin found no TargetGroupConfiguration for ${service} (next to the Service or the Gateway): add one whose spec.defaultConfiguration sets ${wanted}.`;
  const { y, map } = defaults;
  if (appended.length > 0) {
    const e = appendAttributes(y, map, 'targetGroupAttributes', appended, ['key', 'value']);
    if (typeof e === 'string') return e;
    edits.push(e);
  }
  if (targetType) {
    const e = setAt(y, map, ['targetType'], renderString('ip', undefined, y.json), () => undefined);
    if (!e) return 'targetType could not be placed in the TargetGroupConfiguration.';
    edits.push(e);
  }
  return edits;
}

function defaultConfiguration(file: string, offset: number, textOf: TextOf) {
  const text = textOf(file);
  const y = text !== undefined ? parseYamlFile(file, text) : undefined;
  const doc = y && documentAt(y, offset);
  if (!y || !doc) return undefined;
  const kind = pairOf(doc.contents, 'kind')?.value;
  const map = pairOf(pairOf(doc.contents, 'spec')?.value, 'defaultConfiguration')?.value;
  return isScalar(kind) && kind.value === 'TargetGroupConfiguration' && isMap(map) ? { y, map: map as YAMLMap } : undefined;
}

/** The TargetGroupConfiguration whose targetReference names the backend Service, in the Service's or the Gateway's file. */
function referringConfiguration(f: Frontend, textOf: TextOf): { y: YamlFile; map: YAMLMap } | { missing: string } | undefined {
  const svc = f.service;
  if (!svc) return undefined;
  for (const file of new Set([svc.file, f.loadBalancer.head.file])) {
    const text = textOf(file);
    const y = text !== undefined ? parseYamlFile(file, text) : undefined;
    for (const doc of y?.docs ?? []) {
      if (doc.errors.length > 0 || !isMap(doc.contents)) continue;
      const spec = pairOf(doc.contents, 'spec')?.value;
      const ns = pairOf(pairOf(doc.contents, 'metadata')?.value, 'namespace')?.value;
      const name = pairOf(pairOf(spec, 'targetReference')?.value, 'name')?.value;
      const kind = pairOf(doc.contents, 'kind')?.value;
      if (!isScalar(kind) || kind.value !== 'TargetGroupConfiguration' || !isScalar(name) || name.value !== svc.name) continue;
      if ((isScalar(ns) ? String(ns.value) : 'default') !== svc.namespace) continue;
      const map = pairOf(spec, 'defaultConfiguration')?.value;
      return isMap(map) ? { y: y!, map: map as YAMLMap } : { missing: file };
    }
  }
  return undefined;
}

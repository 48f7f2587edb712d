import { enumParse , elbProtocol } from '../enum-values';
import type { CrossZoneSetting, TargetGroupModel, TargetType } from '../../model/nlb';
import { explicit, type Sourced } from '../../model/sourced';
import { NETWORK_PROTOCOLS, PROXY_PROTOCOL_DEFAULT_WHY, TG_CROSS_ZONE_DEFAULT_WHY, parseTgCrossZone, preservationDefault } from '../../model/aws-defaults';
import { cfnId } from './ids';
import type { Resource, Template } from './template';
import { attributeFallback, parseBoolText, parsePort, prop, readAttributes, resolveProp, sourced, viaWhy, type Fallback } from './values';

const CFN_TG = 'CloudFormation AWS::ElasticLoadBalancingV2::TargetGroup';

/**
 * Reads an `AWS::ElasticLoadBalancingV2::TargetGroup`. Lambda and ALB target groups are not modelled
 * (no node or pod sees the connection). `loadBalancerId` comes from the listener that forwards to it.
 */
export function readTargetGroup(tpl: Template, res: Resource, loadBalancerId: string): TargetGroupModel | undefined {
  const kind = sourced<TargetType | 'lambda' | 'alb'>(
    tpl,
    `${res.logicalId}.TargetType`,
    resolveProp(tpl, res, 'TargetType'),
    enumParse(['instance', 'ip', 'lambda', 'alb'], (v: string) => (v === 'instance' || v === 'ip' || v === 'lambda' || v === 'alb' ? v : undefined)),
    { value: 'instance', why: `${CFN_TG}: TargetType defaults to instance`, span: res.head },
    'instance, ip, lambda or alb',
  );
  if (kind.value === 'lambda' || kind.value === 'alb') return undefined;
  const targetType = kind as Sourced<TargetType>;
  const protocol = sourced(
    tpl,
    `${res.logicalId}.Protocol`,
    resolveProp(tpl, res, 'Protocol'),
    elbProtocol,
    { value: 'TCP', why: 'Protocol is not written (network target groups need one); assuming TCP', span: res.head, origin: 'assumed' },
    'a protocol',
  );
  if (protocol.origin === 'explicit' && !NETWORK_PROTOCOLS.has(protocol.value)) return undefined; // an ALB's target group
  const attrs = readAttributes(tpl, `${res.logicalId}.TargetGroupAttributes`, prop(res, 'TargetGroupAttributes'));
  const attr = <T>(key: string, parse: (raw: string) => T | undefined, fallback: Fallback<T>, expected: string) =>
    sourced(tpl, `${res.logicalId} ${key}`, attrs.values.get(key), parse, attrs.values.has(key) ? fallback : attributeFallback(attrs, key, fallback), expected);

  const port = readPort(tpl, res);
  const name = resolveProp(tpl, res, 'Name');
  return {
    id: cfnId(tpl.file, res.logicalId),
    loadBalancerId,
    file: tpl.file,
    head: res.head,
    extent: res.extent,
    targetType,
    protocol,
    preserveClientIp: attr('preserve_client_ip.enabled', parseBoolText, preservationFallback(targetType, protocol.value, res), 'true or false'),
    proxyProtocolV2: attr('proxy_protocol_v2.enabled', parseBoolText, { value: false, why: PROXY_PROTOCOL_DEFAULT_WHY, span: res.head }, 'true or false'),
    crossZone: attr<CrossZoneSetting>(
      'load_balancing.cross_zone.enabled',
      parseTgCrossZone,
      { value: 'inherit', why: TG_CROSS_ZONE_DEFAULT_WHY, span: res.head },
      'true, false or use_load_balancer_configuration',
    ),
    ...(port ? { port } : {}),
    ...(name?.kind === 'value' ? { name: explicit(name.value, name.span, viaWhy(name.via)) } : {}),
  };
}

function preservationFallback(targetType: Sourced<TargetType>, protocol: string, res: Resource): Fallback<boolean> {
  const d = preservationDefault(targetType, protocol, res.head);
  return { value: d.value, why: d.why!, span: d.span ?? res.head };
}

/** The port targets receive traffic on; absent when not written or not knowable (link then assumes one). */
function readPort(tpl: Template, res: Resource): Sourced<number> | undefined {
  const r = resolveProp(tpl, res, 'Port');
  if (!r || r.kind === 'absent') return undefined;
  const port = r.kind === 'value' ? parsePort(r.value) : undefined;
  if (r.kind === 'value' && port !== undefined) return explicit(port, r.span, viaWhy(r.via));
  const what = r.kind === 'value' ? `"${r.value}", not a port number` : r.kind === 'ref' ? `a reference to ${r.logicalId}` : `${r.text}: ${r.reason}`;
  tpl.notices.push({ file: tpl.file, level: 'info', message: `${res.logicalId}.Port is ${what}; the port is left unknown.`, span: r.span });
  return undefined;
}

import { preservationDefault, TGA } from '../../model/aws-defaults';
import type { CrossZoneSetting, Scheme, TargetType } from '../../model/nlb';
import { byDefault, type Sourced } from '../../model/sourced';
import type { Span } from '../../text/span';
import { asBool, asElbProtocol, asPort, asString, oneOf, read, readOptional, type FieldSource, type Parse } from './fields';


export interface TargetGroupSettings {
  readonly targetType: Sourced<TargetType>;
  readonly protocol: Sourced<string>;
  readonly port?: Sourced<number>;
  readonly name?: Sourced<string>;
  readonly preserveClientIp: Sourced<boolean>;
  readonly proxyProtocolV2: Sourced<boolean>;
  readonly crossZone: Sourced<CrossZoneSetting>;
}

export interface TargetGroupDialect {
  /** Who sets the defaults, for `why`: `aws_lb_target_group`, or the module. */
  readonly who: string;
  readonly protocolKey: string;
  readonly portKey: string;
  /** The protocol when none is written; undefined when the resource requires one. */
  readonly protocol?: (head: Span) => Sourced<string>;
  readonly port?: (head: Span) => Sourced<number>;
}

const crossZoneSetting: Parse<CrossZoneSetting> = (raw) => (raw === 'use_load_balancer_configuration' ? 'inherit' : asBool(raw));

/** Reads a target group's settings; undefined for target types Hairpin does not model (alb, lambda). */
export function readTargetGroupSettings(src: FieldSource, dialect: TargetGroupDialect): TargetGroupSettings | undefined {
  const head = src.head;
  const rawType = read<string>(src, 'target_type', oneOf('instance', 'ip', 'alb', 'lambda'), byDefault('instance', `${dialect.who}: target_type defaults to instance`, head));
  if (rawType.value !== 'instance' && rawType.value !== 'ip') return undefined;
  const targetType = rawType as Sourced<TargetType>;
  const protocol = read(
    src,
    dialect.protocolKey,
    asElbProtocol,
    dialect.protocol?.(head) ?? { value: 'TCP', origin: 'assumed', why: `${dialect.protocolKey} is not written (it is required for instance and ip target groups); assuming TCP`, span: head },
  );
  const port = src.get(dialect.portKey) === undefined && dialect.port ? dialect.port(head) : readOptional(src, dialect.portKey, asPort);
  const name = readOptional(src, 'name', asString);
  return {
    targetType,
    protocol,
    ...(port ? { port } : {}),
    ...(name ? { name } : {}),
    preserveClientIp: read(src, 'preserve_client_ip', asBool, preserveDefault(targetType, protocol, head, dialect.who)),
    proxyProtocolV2: read(src, 'proxy_protocol_v2', asBool, byDefault(false, `${TGA}: proxy_protocol_v2.enabled defaults to false`, head)),
    crossZone: read(
      src,
      'load_balancing_cross_zone_enabled',
      crossZoneSetting,
      byDefault<CrossZoneSetting>('inherit', `${TGA}: load_balancing.cross_zone.enabled defaults to use_load_balancer_configuration`, head),
    ),
  };
}

function preserveDefault(targetType: Sourced<TargetType>, protocol: Sourced<string>, head: Span, who: string): Sourced<boolean> {
  return preservationDefault(targetType.origin === 'explicit' ? targetType : { ...targetType, span: undefined }, protocol.value, head, `${who} sets no preserve_client_ip default`);
}

/** `internal` and `enable_cross_zone_load_balancing`, with the defaults of whoever made the load balancer. */
export function readLoadBalancerSettings(src: FieldSource, crossZoneDefault: Sourced<boolean>, who: string): { scheme: Sourced<Scheme>; crossZone: Sourced<boolean> } {
  const internal = read(src, 'internal', asBool, byDefault(false, `${who}: internal defaults to false (an internet-facing load balancer)`, src.head));
  const scheme: Sourced<Scheme> = { ...internal, value: internal.value ? 'internal' : 'internet-facing' };
  return { scheme, crossZone: read(src, 'enable_cross_zone_load_balancing', asBool, crossZoneDefault) };
}

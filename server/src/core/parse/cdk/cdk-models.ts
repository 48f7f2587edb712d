import type { CrossZoneSetting, LoadBalancerModel, Manager, Scheme, TargetGroupModel, TargetType } from '../../model/nlb';
import { assumed, byDefault, explicit, inferred, type Sourced } from '../../model/sourced';
import type { Span } from '../../text/span';
import {
  NLB_IDLE_TIMEOUT_SECONDS,
  TCP_IDLE_DEFAULT_WHY,
  LB_CROSS_ZONE_DEFAULT_WHY,
  preservationDefault,
  PROXY_PROTOCOL_DEFAULT_WHY,
  TG_CROSS_ZONE_DEFAULT_WHY,
  type ListenerFacts,
} from '../../model/aws-defaults';
import type { LbRecord, ListenerRecord, TgRecord } from './constructs';
import { lastName, stringValue, type Expr } from './expr';
import { classifyTargets } from './targets';
import { listenerIdleTimeout } from '../listener-idle-timeout';
import { follow, parseBool, parseBoolString, parseDuration, parsePort, parseProtocol, parseTargetType, prop, quote, reasonFor, sourcedProp, spelled, type Ctx, type Fallback } from './values';

const CDK = 'CDK aws-elasticloadbalancingv2';
const CROSS_ZONE = 'load_balancing.cross_zone.enabled';

/** Names and ids of the constructs of one file: `cdk:<file>:<variable or construct id>`, unique in the file. */
export interface Naming {
  readonly id: string;
  readonly name: string;
  readonly head: Span;
}

export function naming(ctx: Ctx, rec: LbRecord | TgRecord | ListenerRecord, taken: Set<string>, parent?: Naming): Naming {
  const variable = rec.site.assignedTo?.replace(/^(this|self)\./, '');
  const constructId = rec.idArg ? stringValue(follow(ctx, rec.idArg).expr) : undefined;
  const callee = rec.site.call.callee;
  const head = rec.idArg?.kind === 'string' ? rec.idArg.span : callee.span;
  const key = variable ?? (parent && constructId ? `${parent.name}/${constructId}` : constructId) ?? `${lastName(callee) ?? 'construct'}@${rec.site.call.span.start}`;
  let id = `cdk:${ctx.file}:${key}`;
  if (taken.has(id) && constructId) id = `${id}#${constructId}`;
  if (taken.has(id)) id = `${id}@${rec.site.call.span.start}`;
  taken.add(id);
  return { id, name: variable ?? constructId ?? key, head };
}

export function loadBalancerModel(ctx: Ctx, rec: LbRecord, n: Naming): LoadBalancerModel {
  const p = (key: string) => prop(rec.props, key)?.value;
  const what = (key: string) => `${n.name}.${spelled(ctx, key)}`;
  const facing = sourcedProp(ctx, what('internetFacing'), p('internetFacing'), parseBool, { value: false, why: `${CDK}: NetworkLoadBalancer internetFacing defaults to false (internal)`, span: n.head }, rec.props.opaque);
  const attr = rec.attributes.get(CROSS_ZONE);
  const crossZone = attr
    ? sourcedProp(ctx, `${n.name} ${CROSS_ZONE}`, attr, parseBoolString, { value: false, why: LB_CROSS_ZONE_DEFAULT_WHY, span: n.head })
    : sourcedProp(ctx, what('crossZoneEnabled'), p('crossZoneEnabled'), parseBool, { value: false, why: `${CDK}: crossZoneEnabled defaults to false, the AWS default for Network Load Balancers`, span: n.head }, rec.props.opaque);
  return {
    id: n.id,
    name: n.name,
    file: ctx.file,
    head: n.head,
    manager: explicit<Manager>('cdk', rec.site.call.callee.span),
    scheme: { ...facing, value: (facing.value ? 'internet-facing' : 'internal') as Scheme },
    crossZone,
  };
}

/** A target group, or undefined for ALB and Lambda target groups (no node or pod sees the connection). */
export function targetGroupModel(ctx: Ctx, rec: TgRecord, n: Naming, loadBalancerId: string): TargetGroupModel | undefined {
  const p = (key: string) => prop(rec.props, key)?.value;
  const what = (key: string) => `${n.name}.${spelled(ctx, key)}`;
  const kind = targetKind(ctx, rec, n, what('targetType'));
  if (kind.value === 'alb' || kind.value === 'lambda') return undefined;
  const targetType = kind as Sourced<TargetType>;
  const protocol = sourcedProp(ctx, what('protocol'), p('protocol'), parseProtocol, { value: 'TCP', why: `${CDK}: protocol defaults to TCP`, span: n.head }, rec.props.opaque);
  const pick = <T>(attrKey: string, propKey: string, parseProp: (e: Expr) => T | undefined, parseAttr: (e: Expr) => T | undefined, fallback: Fallback<T>): Sourced<T> => {
    const attr = rec.attributes.get(attrKey);
    if (attr) return sourcedProp(ctx, `${n.name} ${attrKey}`, attr, parseAttr, fallback);
    return sourcedProp(ctx, what(propKey), p(propKey), parseProp, fallback, rec.props.opaque);
  };
  const pres = preservationDefault(targetType, protocol.value, n.head);
  const port = readPort(ctx, what('port'), p('port'));
  const name = p('targetGroupName') ? follow(ctx, p('targetGroupName')!).expr : undefined;
  return {
    id: n.id,
    loadBalancerId,
    file: ctx.file,
    head: n.head,
    targetType,
    protocol,
    preserveClientIp: pick('preserve_client_ip.enabled', 'preserveClientIp', parseBool, parseBoolString, { value: pres.value, why: pres.why!, span: pres.span ?? n.head }),
    proxyProtocolV2: pick('proxy_protocol_v2.enabled', 'proxyProtocolV2', parseBool, parseBoolString, { value: false, why: PROXY_PROTOCOL_DEFAULT_WHY, span: n.head }),
    crossZone: pick<CrossZoneSetting>(CROSS_ZONE, 'crossZoneEnabled', parseBool, parseTgCrossZoneExpr, { value: 'inherit', why: TG_CROSS_ZONE_DEFAULT_WHY, span: n.head }),
    ...(port ? { port } : {}),
    ...(name?.kind === 'string' ? { name: explicit(name.value, p('targetGroupName')!.span) } : {}),
  };
}

/** The port targets receive traffic on; left unknown (link then assumes one) when not a literal or local constant. */
function readPort(ctx: Ctx, what: string, e: Expr | undefined): Sourced<number> | undefined {
  if (!e) return undefined;
  const r = follow(ctx, e);
  const port = parsePort(r.expr);
  if (port !== undefined) return explicit(port, e.span, r.via ? `from the local constant ${r.via}` : undefined);
  const why = r.expr.kind === 'number' ? `${quote(ctx, e)} is not a port number` : reasonFor(ctx, r.expr);
  ctx.notices.push({ file: ctx.file, level: 'info', message: `${what}: ${why}; the port is left unknown.`, span: e.span });
  return undefined;
}

function parseTgCrossZoneExpr(e: Expr): CrossZoneSetting | undefined {
  if (e.kind === 'string' && e.value.trim() === 'use_load_balancer_configuration') return 'inherit';
  return parseBoolString(e);
}

/** Written `targetType`; else what CDK derives from the targets; else the AWS default, or an assumption. */
function targetKind(ctx: Ctx, rec: TgRecord, n: Naming, what: string): Sourced<TargetType | 'alb' | 'lambda'> {
  const written = prop(rec.props, 'targetType')?.value;
  const fallback = { value: 'instance' as const, why: 'CloudFormation: TargetType defaults to instance', span: n.head };
  if (written) return sourcedProp(ctx, what, written, parseTargetType, fallback);
  const targets = [prop(rec.props, 'targets')?.value, ...rec.added].filter((e): e is Expr => !!e);
  if (targets.length === 0) {
    if (rec.props.opaque.length > 0) return sourcedProp(ctx, what, undefined, parseTargetType, fallback, rec.props.opaque);
    const why = rec.listener
      ? 'addTargets without targets: CDK cannot derive a target type; assuming instance (the CloudFormation default)'
      : `no targetType and no targets in this file: CDK leaves TargetType unset and CloudFormation defaults to instance`;
    return rec.listener ? { ...assumed('instance' as const, why), span: n.head } : byDefault('instance' as const, why, n.head);
  }
  const c = classifyTargets(ctx, targets);
  if (c.kind) return inferred(c.kind, `${CDK} derives the target type from the targets: ${c.evidence} registers ${c.kind} targets`, c.span);
  const at = targets[0]!.span;
  const why = `${what} is not written and the targets (${quote(ctx, targets[0]!)}) could not be classified; assuming instance targets, as for EC2 instances and Auto Scaling groups`;
  ctx.notices.push({ file: ctx.file, level: 'info', message: `${why}.`, span: at });
  return { ...assumed('instance' as const, why), span: at };
}

/** One listener model per forwarded target group; the first keeps the listener's own id. */
export function listenerModels(ctx: Ctx, rec: ListenerRecord, n: Naming, lb: LoadBalancerModel, tgs: readonly TargetGroupModel[]): ListenerFacts[] {
  const p = (key: string) => prop(rec.props, key)?.value;
  const what = (key: string) => `${n.name}.${spelled(ctx, key)}`;
  const port = sourcedProp(ctx, what('port'), p('port'), parsePort, { value: 443, why: 'no port written; assuming 443', span: n.head, origin: 'assumed' }, rec.props.opaque);
  const certificates = p('certificates');
  const protocol = certificates && !p('protocol')
    ? inferred('TLS', `${CDK}: the protocol is TLS when certificates are given`, certificates.span)
    : sourcedProp(ctx, what('protocol'), p('protocol'), parseProtocol, { value: 'TCP', why: `${CDK}: the listener protocol defaults to TCP (TLS with certificates)`, span: n.head }, rec.props.opaque);
  const written = p('tcpIdleTimeout')
    ? sourcedProp(ctx, what('tcpIdleTimeout'), p('tcpIdleTimeout'), parseDuration(ctx), { value: NLB_IDLE_TIMEOUT_SECONDS, why: TCP_IDLE_DEFAULT_WHY, span: n.head })
    : undefined;
  const idle = listenerIdleTimeout(protocol, written, n.head, ctx.notices);
  return tgs.map((tg, i) => ({
    id: i === 0 ? n.id : `${n.id}/${tg.id.slice(`cdk:${ctx.file}:`.length)}`,
    loadBalancerId: lb.id,
    targetGroupId: tg.id,
    port,
    protocol,
    ...(idle ? { idleTimeoutSeconds: idle } : {}),
  }));
}

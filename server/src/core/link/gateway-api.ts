import type { GatewayFact, LoadBalancerConfigFact, TargetGroupConfigFact } from '../model/gateway-api';
import type { CrossZoneSetting, LoadBalancerModel, Scheme, TargetGroupModel, TargetType } from '../model/nlb';
import { serviceId, type ServiceFact } from '../model/service';
import { assumed, byDefault, explicit, type Sourced } from '../model/sourced';
import { emptyFacts, type FileFacts } from '../model/workspace';
import { parseAttributeBool, parseGoBool } from '../parse/annotation-values';
import { preservationDefault, TGA } from '../model/aws-defaults';

const LBC_NLB = 'gateway.k8s.aws/nlb';
const LBC_GATEWAY = 'AWS Load Balancer Controller (Gateway API)';
const NO_SERVICE = '\0';

/**
 * Gateways of a class the AWS Load Balancer Controller serves as NLBs (`gateway.k8s.aws/nlb`), joined
 * with their LoadBalancerConfiguration (parametersRef), their routes' Services and those Services'
 * TargetGroupConfiguration, as load balancer models.
 */
export function gatewayApiFacts(files: readonly FileFacts[]): FileFacts[] {
  const all = files.flatMap((f) => (f.gatewayApi ? [f.gatewayApi] : []));
  if (all.length === 0) return [];
  const nlbClasses = new Set(all.flatMap((g) => g.classes).filter((c) => c.controllerName === LBC_NLB).map((c) => c.name));
  // Each join is a lookup by (name, namespace); the first definition wins, as a scan would find it.
  const configs = firstBy(all.flatMap((g) => g.loadBalancerConfigs), (c) => key(c.namespace, c.name));
  // A configuration without a serviceName matched a gateway without a route before the index; still does.
  const tgConfigs = firstBy(all.flatMap((g) => g.targetGroupConfigs), (c) => key(c.namespace, c.serviceName ?? NO_SERVICE));
  const routes = firstBy(all.flatMap((g) => g.routes), (r) => key(r.namespace, r.gateway));
  const services = firstBy(files.flatMap((f) => f.services), (s) => key(s.namespace, s.name));
  const out: FileFacts[] = [];
  for (const gw of all.flatMap((g) => g.gateways)) {
    if (!nlbClasses.has(gw.className)) continue;
    const facts = emptyFacts(gw.file);
    const config = gw.parametersRef === undefined ? undefined : configs.get(key(gw.namespace, gw.parametersRef));
    const lb = loadBalancer(gw, config);
    facts.loadBalancers.push(lb);
    const route = routes.get(key(gw.namespace, gw.name));
    const svc = route && services.get(key(gw.namespace, route.serviceName));
    const tgc = tgConfigs.get(key(gw.namespace, route?.serviceName ?? NO_SERVICE));
    const tg = targetGroup(gw, lb, tgc, svc, route?.servicePort);
    facts.targetGroups.push(tg);
    for (const port of gw.listenerPorts) facts.listeners.push({ id: `${lb.id}/listener/${port.value}`, loadBalancerId: lb.id, targetGroupId: tg.id, port });
    out.push(facts);
  }
  return out;
}

function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function firstBy<T>(items: readonly T[], keyOf: (t: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const t of items) {
    const k = keyOf(t);
    if (!map.has(k)) map.set(k, t);
  }
  return map;
}

function loadBalancer(gw: GatewayFact, config: LoadBalancerConfigFact | undefined): LoadBalancerModel {
  const cz = config?.attributes.find((a) => a.key === 'load_balancing.cross_zone.enabled');
  const czValue = cz ? parseAttributeBool(cz.value) : undefined;
  const scheme = config?.scheme?.value;
  return {
    id: `${gw.file}#Gateway/${gw.namespace}/${gw.name}`,
    name: `${gw.namespace}/${gw.name}`,
    file: gw.file,
    head: gw.head,
    manager: explicit('aws-load-balancer-controller', gw.head, `GatewayClass ${gw.className} (${LBC_NLB})`),
    scheme:
      scheme === 'internal' || scheme === 'internet-facing'
        ? explicit<Scheme>(scheme, config!.scheme!.span)
        : byDefault<Scheme>('internal', `${LBC_GATEWAY}: a LoadBalancerConfiguration without scheme gives an internal NLB (the controller's default, as for Services)`, gw.head),
    crossZone: czValue !== undefined ? explicit(czValue, cz!.span) : byDefault(false, 'NLB default: cross-zone load balancing off', gw.head),
  };
}

function targetGroup(gw: GatewayFact, lb: LoadBalancerModel, tgc: TargetGroupConfigFact | undefined, svc: ServiceFact | undefined, servicePort: number | undefined): TargetGroupModel {
  const tt = tgc?.targetType?.value;
  const targetType: Sourced<TargetType> =
    tt === 'instance' || tt === 'ip'
      ? explicit<TargetType>(tt, tgc!.targetType!.span)
      : byDefault<TargetType>('instance', `${LBC_GATEWAY}: a TargetGroupConfiguration without defaultConfiguration.targetType registers instance targets (the controller's default, as for Services)`, gw.head);
  const attr = (key: string) => tgc?.attributes.find((a) => a.key === key);
  const bool = (key: string, parse: (raw: string) => boolean | undefined = parseAttributeBool) => {
    const a = attr(key);
    const v = a ? parse(a.value) : undefined;
    return v === undefined ? undefined : explicit(v, a!.span);
  };
  // The controller parses preservation itself (Go's strconv.ParseBool); AWS reads the other attributes.
  const preserve = bool('preserve_client_ip.enabled', parseGoBool) ?? preservationDefault(targetType, 'TCP', gw.head);
  const tgCross = attr('load_balancing.cross_zone.enabled');
  const tgCrossValue = tgCross?.value === 'use_load_balancer_configuration' ? 'inherit' : tgCross ? parseAttributeBool(tgCross.value) : undefined;
  const port = svc?.ports.find((p) => p.port.value === servicePort) ?? svc?.ports[0];
  return {
    id: `${lb.id}/tg`,
    loadBalancerId: lb.id,
    file: gw.file,
    head: gw.head,
    targetType,
    protocol: byDefault('TCP', 'Gateway listener protocol', gw.head),
    preserveClientIp: preserve,
    proxyProtocolV2: bool('proxy_protocol_v2.enabled') ?? byDefault(false, `${TGA}: proxy_protocol_v2.enabled defaults to false`, gw.head),
    crossZone: tgCrossValue !== undefined ? explicit<CrossZoneSetting>(tgCrossValue, tgCross!.span) : byDefault<CrossZoneSetting>('inherit', `${TGA}: use_load_balancer_configuration`, gw.head),
    ...(port ? { port: targetType.value === 'instance' ? (port.nodePort ?? assumed(31380, 'the Service has no fixed nodePort; 31380 is a stand-in')) : port.targetPort } : {}),
    ...(svc ? { serviceId: serviceId(svc) } : {}),
  };
}

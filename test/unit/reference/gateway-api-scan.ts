// gatewayApiFacts before its lookups were indexed (commit 7839881): the oracle for link-index.test.ts.
// Provenance and value grammars follow the current reader (controller defaults are `default`, issue 10 H; booleans as the controller reads them, issue 10 A).
import type { GatewayFact, LoadBalancerConfigFact, TargetGroupConfigFact } from '../../../server/src/core/model/gateway-api';
import type { CrossZoneSetting, LoadBalancerModel, Scheme, TargetGroupModel, TargetType } from '../../../server/src/core/model/nlb';
import { serviceId, type ServiceFact } from '../../../server/src/core/model/service';
import { assumed, byDefault, explicit, type Sourced } from '../../../server/src/core/model/sourced';
import { emptyFacts, type FileFacts } from '../../../server/src/core/model/workspace';
import { parseBool } from '../../../server/src/core/parse/key-value-list';
import { preservationDefault, TGA } from '../../../server/src/core/model/aws-defaults';

const LBC_NLB = 'gateway.k8s.aws/nlb';
const LBC_GATEWAY = 'AWS Load Balancer Controller (Gateway API)';

/**
 * Gateways of a class the AWS Load Balancer Controller serves as NLBs (`gateway.k8s.aws/nlb`), joined
 * with their LoadBalancerConfiguration (parametersRef), their routes' Services and those Services'
 * TargetGroupConfiguration, as load balancer models.
 */
export function gatewayApiFacts(files: readonly FileFacts[]): FileFacts[] {
  const all = files.flatMap((f) => (f.gatewayApi ? [f.gatewayApi] : []));
  if (all.length === 0) return [];
  const nlbClasses = new Set(all.flatMap((g) => g.classes).filter((c) => c.controllerName === LBC_NLB).map((c) => c.name));
  const configs = all.flatMap((g) => g.loadBalancerConfigs);
  const tgConfigs = all.flatMap((g) => g.targetGroupConfigs);
  const routes = all.flatMap((g) => g.routes);
  const services = files.flatMap((f) => f.services);
  const out: FileFacts[] = [];
  for (const gw of all.flatMap((g) => g.gateways)) {
    if (!nlbClasses.has(gw.className)) continue;
    const facts = emptyFacts(gw.file);
    const config = configs.find((c) => c.name === gw.parametersRef && c.namespace === gw.namespace);
    const lb = loadBalancer(gw, config);
    facts.loadBalancers.push(lb);
    const route = routes.find((r) => r.gateway === gw.name && r.namespace === gw.namespace);
    const svc = route && services.find((s) => s.name === route.serviceName && s.namespace === gw.namespace);
    const tgc = tgConfigs.find((c) => c.serviceName === route?.serviceName && c.namespace === gw.namespace);
    const tg = targetGroup(gw, lb, tgc, svc, route?.servicePort);
    facts.targetGroups.push(tg);
    for (const port of gw.listenerPorts) facts.listeners.push({ id: `${lb.id}/listener/${port.value}`, loadBalancerId: lb.id, targetGroupId: tg.id, port });
    out.push(facts);
  }
  return out;
}

function loadBalancer(gw: GatewayFact, config: LoadBalancerConfigFact | undefined): LoadBalancerModel {
  const cz = config?.attributes.find((a) => a.key === 'load_balancing.cross_zone.enabled');
  const czValue = cz ? parseBool(cz.value) : undefined;
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
  const bool = (key: string) => {
    const a = attr(key);
    const v = a ? parseBool(a.value) : undefined;
    return v === undefined ? undefined : explicit(v, a!.span);
  };
  const preserve = bool('preserve_client_ip.enabled') ?? preservationDefault(targetType, 'TCP', gw.head);
  const tgCross = attr('load_balancing.cross_zone.enabled');
  const tgCrossValue = tgCross?.value === 'use_load_balancer_configuration' ? 'inherit' : tgCross ? parseBool(tgCross.value) : undefined;
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

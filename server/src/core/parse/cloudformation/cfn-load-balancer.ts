import { enumParse, sentence, unknownValueText } from '../enum-values';
import type { LoadBalancerModel, Manager, Scheme } from '../../model/nlb';
import { explicit, inferred } from '../../model/sourced';
import { IP_ADDRESS_TYPES, LB_CROSS_ZONE_DEFAULT_WHY } from '../../model/aws-defaults';
import { cfnId, resourceName } from './ids';
import type { Resource, Template } from './template';
import { attributeFallback, parseBoolText, prop, readAttributes, resolveProp, sourced } from './values';

const CFN_LB = 'CloudFormation AWS::ElasticLoadBalancingV2::LoadBalancer';
const LB_TYPES = ['application', 'network', 'gateway'];

/**
 * Reads an `AWS::ElasticLoadBalancingV2::LoadBalancer`. Only network load balancers become models:
 * Type defaults to application. When Type is decided at deploy time, a listener with a network
 * protocol (TCP, TLS, UDP) still tells; `networkListener` answers that.
 */
export function readLoadBalancer(tpl: Template, res: Resource, networkListener: boolean): LoadBalancerModel | undefined {
  const type = resolveProp(tpl, res, 'Type');
  let manager;
  if (type?.kind === 'value') {
    const value = type.value.trim();
    if (value === 'network') manager = explicit<Manager>('cloudformation', res.typeSpan ?? res.head);
    else if (LB_TYPES.includes(value)) return undefined;
    else {
      // A typo (`netwrok`): AWS rejects it; a listener with a network protocol still says what was meant.
      const verdict = networkListener ? 'A listener uses a network protocol, so Hairpin analyses it as a Network Load Balancer.' : 'Hairpin does not analyse it as a Network Load Balancer.';
      tpl.notices.push({ file: tpl.file, level: 'warning', message: `${sentence(`${res.logicalId}.Type: ${unknownValueText(value, LB_TYPES)}`)} ${verdict}`, span: type.span });
      if (!networkListener) return undefined;
      manager = inferred<Manager>('cloudformation', `Type is "${value}", not a type AWS knows, but a listener uses a network protocol (TCP, TLS or UDP)`, type.span);
    }
  } else if (type && type.kind !== 'absent') {
    const text = type.kind === 'ref' ? `a reference to ${type.logicalId}` : type.text;
    if (!networkListener) {
      tpl.notices.push({ file: tpl.file, level: 'info', message: `${res.logicalId}.Type is ${text}, and no listener shows it is a network load balancer; not analysed.`, span: type.span });
      return undefined;
    }
    manager = inferred<Manager>('cloudformation', `Type is ${text}, but a listener uses a network protocol (TCP, TLS or UDP)`, type.span);
  } else {
    return undefined; // AWS default: application
  }

  // In source order, so notices come out in the order of the template. IpAddressType is not simulated; a typo is still warned on.
  sourced(tpl, `${res.logicalId}.IpAddressType`, resolveProp(tpl, res, 'IpAddressType'), enumParse(IP_ADDRESS_TYPES, (v: string) => (IP_ADDRESS_TYPES.includes(v) ? v : undefined)), { value: 'ipv4', why: `${CFN_LB}: IpAddressType defaults to ipv4`, span: res.head }, 'an IP address type');
  const scheme = sourced<Scheme>(
    tpl,
    `${res.logicalId}.Scheme`,
    resolveProp(tpl, res, 'Scheme'),
    enumParse(['internal', 'internet-facing'], (v: string) => (v === 'internal' || v === 'internet-facing' ? v : undefined)),
    { value: 'internet-facing', why: `${CFN_LB}: Scheme defaults to internet-facing`, span: res.head },
    'internal or internet-facing',
  );
  const attrs = readAttributes(tpl, `${res.logicalId}.LoadBalancerAttributes`, prop(res, 'LoadBalancerAttributes'));
  const crossZoneKey = 'load_balancing.cross_zone.enabled';
  return {
    id: cfnId(tpl.file, res.logicalId),
    name: resourceName(res),
    file: tpl.file,
    head: res.head,
    extent: res.extent,
    manager,
    scheme,
    crossZone: sourced(
      tpl,
      `${res.logicalId} ${crossZoneKey}`,
      attrs.values.get(crossZoneKey),
      parseBoolText,
      attributeFallback(attrs, crossZoneKey, { value: false, why: LB_CROSS_ZONE_DEFAULT_WHY, span: res.head }),
      'true or false',
    ),
  };
}

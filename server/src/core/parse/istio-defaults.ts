import type { ServicePortFact } from '../model/service';
import { byDefault } from '../model/sourced';
import type { Span } from '../text/span';

/** The ingress gateway ports an Istio install creates when none are given. */
export function defaultGatewayPorts(head: Span, source: 'operator' | 'chart'): ServicePortFact[] {
  const why = source === 'operator' ? 'IstioOperator default ingress gateway ports' : 'istio/gateway chart default ports';
  const ports: [string, number, number][] =
    source === 'operator'
      ? [['status-port', 15021, 15021], ['http2', 80, 8080], ['https', 443, 8443]]
      : [['status-port', 15021, 15021], ['http2', 80, 80], ['https', 443, 443]];
  return ports.map(([name, port, target]) => ({ name, protocol: 'TCP', port: byDefault(port, why, head), targetPort: byDefault(target, why, head) }));
}

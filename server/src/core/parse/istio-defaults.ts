import type { WorkloadFact } from '../model/kubernetes';
import { serviceId, type ServiceFact, type ServicePortFact } from '../model/service';
import { byDefault } from '../model/sourced';
import type { Span } from '../text/span';
import type { Notice } from '../model/workspace';
import { yamlCount } from './counts';
import type { Entry } from './yaml-ast';

/** The ingress gateway ports an Istio install creates when none are given. */
export function defaultGatewayPorts(head: Span, source: 'operator' | 'chart'): ServicePortFact[] {
  const why = source === 'operator' ? 'IstioOperator default ingress gateway ports' : 'istio/gateway chart default ports';
  const ports: [string, number, number][] =
    source === 'operator'
      ? [['status-port', 15021, 15021], ['http2', 80, 8080], ['https', 443, 8443]]
      : [['status-port', 15021, 15021], ['http2', 80, 80], ['https', 443, 443]];
  return ports.map(([name, port, target]) => ({ name, protocol: 'TCP', port: byDefault(port, why, head), targetPort: byDefault(target, why, head) }));
}

/**
 * The gateway Deployment an operator or chart creates with a Service it also describes, sized by its
 * `replicaCount` entry (or the default it names).
 */
export function gatewayDeployment(service: ServiceFact, head: Span, replicaCount: Entry | undefined, defaultWhy: string, notices: Notice[]): WorkloadFact {
  return {
    file: service.file,
    head,
    kind: 'Deployment',
    name: service.name,
    namespace: service.namespace,
    replicas: yamlCount(replicaCount, service.file, 'replicaCount', 'replicas', notices, byDefault(1, defaultWhy, head)),
    podLabels: {},
    serviceId: serviceId(service),
  };
}

import type { Document } from 'yaml';
import type { WorkloadFact } from '../model/kubernetes';
import { byDefault, explicit } from '../model/sourced';
import type { ServiceFact } from '../model/service';
import type { Notice } from '../model/workspace';
import { span } from '../text/span';
import { defaultGatewayPorts, gatewayDeployment } from './istio-defaults';
import { acceptsProxyProtocol } from './k8s-workload';
import { serviceFromParts } from './k8s-service';
import { asSeq, entry, entryAt, nodeSpan, scalarText } from './yaml-ast';

export interface OperatorGateway {
  readonly service: ServiceFact;
  readonly workload: WorkloadFact;
}

/**
 * `IstioOperator`: each enabled ingress gateway is a LoadBalancer Service described by
 * `k8s.serviceAnnotations` and `k8s.service` (a ServiceSpec), with `k8s.replicaCount` pods.
 */
export function readIstioOperator(doc: Document, file: string, text: string, notices: Notice[]): OperatorGateway[] {
  const root = doc.contents;
  if (scalarText(entry(root, 'kind')?.value) !== 'IstioOperator') return [];
  const spec = entry(root, 'spec')?.value;
  const defaultNamespace = scalarText(entry(spec, 'namespace')?.value) ?? 'istio-system';
  const meshProxy = entryAt(spec, ['meshConfig', 'defaultConfig', 'gatewayTopology', 'proxyProtocol']);
  const out: OperatorGateway[] = [];
  for (const gw of asSeq(entryAt(spec, ['components', 'ingressGateways'])?.value)?.items ?? []) {
    if (scalarText(entry(gw, 'enabled')?.value) === 'false') continue;
    const nameEntry = entry(gw, 'name');
    const head = nodeSpan(file, nameEntry?.value as never) ?? nodeSpan(file, gw as never) ?? span(file, 0, 0);
    const k8s = entry(gw, 'k8s')?.value;
    const name = scalarText(nameEntry?.value) ?? 'istio-ingressgateway';
    const namespace = scalarText(entry(gw, 'namespace')?.value) ?? defaultNamespace;
    const service = serviceFromParts(
      {
        file,
        text,
        name,
        namespace,
        head,
        spec: entry(k8s, 'service')?.value,
        annotationMaps: [entry(k8s, 'serviceAnnotations')?.value],
        defaultType: byDefault('LoadBalancer', 'IstioOperator ingress gateways are LoadBalancer Services by default', head),
        defaultPorts: defaultGatewayPorts(head, 'operator'),
      },
      notices,
    );
    const podProxy = scalarText(entryAt(k8s, ['podAnnotations', 'proxy.istio.io/config'])?.value);
    const workload = gatewayDeployment(service, head, entry(k8s, 'replicaCount'), 'IstioOperator: one gateway replica unless k8s.replicaCount says otherwise', notices);
    out.push({
      service,
      workload: {
        ...workload,
        software: { kind: 'istio-gateway', evidence: 'workload', why: `IstioOperator ingress gateway ${name}`, span: head },
        ...(meshProxy || podProxy
          ? {
              proxyProtocol: explicit(
                (podProxy ? acceptsProxyProtocol(podProxy) : true) ? 'required' : 'rejected',
                nodeSpan(file, (podProxy ? entryAt(k8s, ['podAnnotations', 'proxy.istio.io/config'])?.value : meshProxy?.keyNode) as never) ?? head,
                podProxy ? 'k8s.podAnnotations proxy.istio.io/config gatewayTopology.proxyProtocol' : 'meshConfig.defaultConfig.gatewayTopology.proxyProtocol',
              ),
            }
          : {}),
      },
    });
  }
  return out;
}

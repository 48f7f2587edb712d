import { byDefault, explicit } from '../model/sourced';
import type { Notice } from '../model/workspace';
import { span, type Span } from '../text/span';
import type { ChartRelease } from './charts/chart-workload';
import { defaultGatewayPorts, gatewayDeployment } from './istio-defaults';
import { acceptsProxyProtocol } from './k8s-workload';
import { serviceFromParts } from './k8s-service';
import { entry, entryAt, nodeSpan, scalarText } from './yaml-ast';

/**
 * The gateway Service and Deployment that `istio/gateway` values describe (also from a Terraform
 * helm_release): `service.{type, annotations, externalTrafficPolicy, ports}`, top-level `annotations`
 * (merged into the Service), `replicaCount`, and `podAnnotations` (`proxy.istio.io/config`).
 */
export function gatewayFromValues(values: unknown, release: { name: string; namespace: string; head?: Span }, file: string, text: string, notices: Notice[]): ChartRelease {
  const serviceEntry = entry(values, 'service');
  const head = nodeSpan(file, serviceEntry?.keyNode) ?? release.head ?? span(file, 0, 0);
  const name = release.name;
  const service = serviceFromParts(
    {
      file,
      text,
      name,
      namespace: release.namespace,
      head,
      spec: serviceEntry?.value,
      annotationMaps: [entry(values, 'annotations')?.value, entry(serviceEntry?.value, 'annotations')?.value],
      defaultType: byDefault('LoadBalancer', 'istio/gateway chart: service.type defaults to LoadBalancer', head),
      defaultPorts: defaultGatewayPorts(head, 'chart'),
    },
    notices,
  );
  const deployment = gatewayDeployment(service, head, entry(values, 'replicaCount'), 'istio/gateway chart: replicaCount defaults to 1 (autoscaling may add more)', notices);
  const proxyConfig = entryAt(values, ['podAnnotations', 'proxy.istio.io/config']);
  return {
    service,
    workload: {
      ...deployment,
      software: { kind: 'istio-gateway', evidence: 'chart', why: 'istio/gateway chart values', span: head },
      ...(proxyConfig
        ? {
            proxyProtocol: explicit(
              acceptsProxyProtocol(scalarText(proxyConfig.value) ?? '') ? ('required' as const) : ('rejected' as const),
              nodeSpan(file, proxyConfig.value as never),
              'podAnnotations proxy.istio.io/config gatewayTopology.proxyProtocol',
            ),
          }
        : {}),
    },
  };
}

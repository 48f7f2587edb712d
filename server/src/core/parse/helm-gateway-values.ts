import type { Document } from 'yaml';
import type { WorkloadFact } from '../model/kubernetes';
import { byDefault } from '../model/sourced';
import type { ServiceFact } from '../model/service';
import type { Notice } from '../model/workspace';
import { span, type Span } from '../text/span';
import { defaultGatewayPorts, gatewayDeployment } from './istio-defaults';
import { LBC_PREFIX } from './lbc-service';
import { serviceFromParts } from './k8s-service';
import { entries, entry, nodeSpan } from './yaml-ast';

export interface ChartGateway {
  readonly service: ServiceFact;
  readonly workload: WorkloadFact;
}

/**
 * Values for the `istio/gateway` chart: `service.{type, annotations, externalTrafficPolicy, ports}`,
 * top-level `annotations` (merged into the Service) and `replicaCount`. Recognised by the controller's
 * annotations, at the top level or under one key (an umbrella chart's dependency name or alias).
 */
export function readGatewayValues(doc: Document, file: string, text: string, notices: Notice[]): ChartGateway[] {
  const root = doc.contents;
  if (entry(root, 'kind') || entry(root, 'apiVersion')) return [];
  if (isGatewayValues(root)) return [gateway(root, undefined, file, text, notices)];
  return entries(root)
    .filter((e) => isGatewayValues(e.value))
    .map((e) => gateway(e.value, e.key, file, text, notices));
}

function hasLbcKey(map: unknown): boolean {
  return entries(map).some((e) => e.key.startsWith(LBC_PREFIX));
}

function isGatewayValues(node: unknown): boolean {
  const service = entry(node, 'service')?.value;
  return hasLbcKey(entry(service, 'annotations')?.value) || (service !== undefined && hasLbcKey(entry(node, 'annotations')?.value));
}

function gateway(values: unknown, dependency: string | undefined, file: string, text: string, notices: Notice[]): ChartGateway {
  return gatewayFromValues(values, { name: dependency ?? 'istio-gateway', namespace: '(release namespace)' }, file, text, notices);
}

/** The gateway Service and Deployment that `istio/gateway` values describe (also from a Terraform helm_release). */
export function gatewayFromValues(values: unknown, release: { name: string; namespace: string; head?: Span }, file: string, text: string, notices: Notice[]): ChartGateway {
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
  return { service, workload: gatewayDeployment(service, head, entry(values, 'replicaCount'), 'istio/gateway chart: replicaCount defaults to 1 (autoscaling may add more)') };
}


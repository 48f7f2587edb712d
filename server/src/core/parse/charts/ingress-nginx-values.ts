import type { Notice } from '../../model/workspace';
import { byDefault, explicit } from '../../model/sourced';
import { span, type Span } from '../../text/span';
import { serviceFromParts } from '../k8s-service';
import { nginxKeepAlive } from '../backend-settings';
import { entry, nodeSpan, scalarText } from '../yaml-ast';
import { chartWorkload, type ChartRelease } from './chart-workload';

const CHART = 'ingress-nginx';

/**
 * Values for the `ingress-nginx` chart: `controller.service.{type, annotations, externalTrafficPolicy}`,
 * `controller.kind` (Deployment or DaemonSet), `controller.replicaCount` and `controller.config` (its
 * ConfigMap: `use-proxy-protocol`, `keep-alive`).
 */
export function nginxFromValues(values: unknown, release: { name: string; namespace: string; head?: Span }, file: string, text: string, notices: Notice[]): ChartRelease {
  const controller = entry(values, 'controller')?.value;
  const serviceEntry = entry(controller, 'service');
  const head = nodeSpan(file, serviceEntry?.keyNode) ?? release.head ?? span(file, 0, 0);
  const why = 'ingress-nginx chart default controller ports';
  const service = serviceFromParts(
    {
      file,
      text,
      name: release.name,
      namespace: release.namespace,
      head,
      spec: serviceEntry?.value,
      annotationMaps: [entry(serviceEntry?.value, 'annotations')?.value],
      defaultType: byDefault('LoadBalancer', 'ingress-nginx chart: controller.service.type defaults to LoadBalancer', head),
      defaultPorts: [
        { name: 'http', protocol: 'TCP', port: byDefault(80, why, head), targetPort: byDefault(80, why, head) },
        { name: 'https', protocol: 'TCP', port: byDefault(443, why, head), targetPort: byDefault(443, why, head) },
      ],
    },
    notices,
  );
  const config = entry(controller, 'config')?.value;
  const useProxy = entry(config, 'use-proxy-protocol');
  const keepAlive = entry(config, 'keep-alive');
  const idleTimeoutSeconds = keepAlive ? nginxKeepAlive(scalarText(keepAlive.value), nodeSpan(file, keepAlive.value as never), 'controller.config keep-alive', notices) : undefined;
  const raw = scalarText(useProxy?.value)?.trim().toLowerCase();
  const proxyProtocol =
    raw === 'true' || raw === 'false'
      ? explicit(raw === 'true' ? ('required' as const) : ('rejected' as const), nodeSpan(file, useProxy?.value as never), 'controller.config use-proxy-protocol')
      : undefined;
  return {
    service,
    workload: chartWorkload(service, head, {
      chart: CHART,
      kindEntry: entry(controller, 'kind'),
      replicasEntry: entry(controller, 'replicaCount'),
      software: { kind: 'ingress-nginx', evidence: 'chart', why: 'ingress-nginx chart values (controller.service)', span: nodeSpan(file, entry(values, 'controller')?.keyNode) ?? head },
      proxyProtocol,
      idleTimeoutSeconds,
    }, notices),
  };
}

import type { ServicePortFact } from '../../model/service';
import type { Notice } from '../../model/workspace';
import { byDefault, explicit } from '../../model/sourced';
import { span, type Span } from '../../text/span';
import { serviceFromParts } from '../k8s-service';
import { asSeq, entries, entry, entryAt, nodeSpan, scalarNumber, scalarText } from '../yaml-ast';
import { chartWorkload, type ChartRelease } from './chart-workload';

const CHART = 'traefik';
const DEFAULT_PORTS: readonly [string, number, number][] = [
  ['web', 80, 8000],
  ['websecure', 443, 8443],
];

/**
 * Values for the `traefik` chart: `service.{type, annotations, spec}` (externalTrafficPolicy sits in
 * `service.spec`), `deployment.kind` and `deployment.replicas`, and `ports.<entry point>` with its
 * `exposedPort`, `port` and `proxyProtocol`.
 */
export function traefikFromValues(values: unknown, release: { name: string; namespace: string; head?: Span }, file: string, text: string, notices: Notice[]): ChartRelease {
  const serviceEntry = entry(values, 'service');
  const head = nodeSpan(file, serviceEntry?.keyNode) ?? release.head ?? span(file, 0, 0);
  const typeEntry = entry(serviceEntry?.value, 'type');
  const typeText = scalarText(typeEntry?.value);
  const service = serviceFromParts(
    {
      file,
      text,
      name: release.name,
      namespace: release.namespace,
      head,
      spec: entry(serviceEntry?.value, 'spec')?.value,
      annotationMaps: [entry(serviceEntry?.value, 'annotations')?.value, entry(serviceEntry?.value, 'annotationsTCP')?.value],
      defaultType: typeText ? explicit(typeText, nodeSpan(file, typeEntry?.value as never)) : byDefault('LoadBalancer', 'traefik chart: service.type defaults to LoadBalancer', head),
      defaultPorts: ports(entry(values, 'ports')?.value, file, head),
    },
    notices,
  );
  const deployment = entry(values, 'deployment')?.value;
  return {
    service,
    workload: chartWorkload(service, head, {
      chart: CHART,
      kindEntry: entry(deployment, 'kind'),
      replicasEntry: entry(deployment, 'replicas'),
      software: { kind: 'traefik', evidence: 'chart', why: 'traefik chart values (deployment / ports)', span: head },
      proxyProtocol: proxyProtocol(entry(values, 'ports')?.value, file),
    }, notices),
  };
}

/** The chart's exposed entry points (web and websecure unless the values say otherwise). */
function ports(node: unknown, file: string, head: Span): ServicePortFact[] {
  const why = 'traefik chart default entry points';
  const written = new Map(entries(node).map((e) => [e.key, e.value]));
  return DEFAULT_PORTS.map(([name, exposed, port]) => {
    const v = written.get(name);
    const exposedEntry = entry(v, 'exposedPort');
    const portEntry = entry(v, 'port');
    const e = scalarNumber(exposedEntry?.value);
    const p = scalarNumber(portEntry?.value);
    return {
      name,
      protocol: 'TCP',
      port: e !== undefined ? explicit(e, nodeSpan(file, exposedEntry?.value as never)) : byDefault(exposed, why, head),
      targetPort: p !== undefined ? explicit(p, nodeSpan(file, portEntry?.value as never)) : byDefault(port, why, head),
    };
  });
}

/** `ports.<name>.proxyProtocol.trustedIPs` (non-empty) or `.insecure: true`: Traefik parses a PROXY header when present. */
function proxyProtocol(node: unknown, file: string) {
  for (const e of entries(node)) {
    const trusted = entryAt(e.value, ['proxyProtocol', 'trustedIPs']);
    const insecure = entryAt(e.value, ['proxyProtocol', 'insecure']);
    const on = (asSeq(trusted?.value)?.items.length ?? 0) > 0 ? trusted : scalarText(insecure?.value) === 'true' ? insecure : undefined;
    if (on) return explicit('optional' as const, nodeSpan(file, on.value as never), `ports.${e.key}.proxyProtocol: Traefik parses a PROXY header when one comes from a trusted address`);
  }
  return undefined;
}

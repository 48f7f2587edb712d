import { sentence, unknownValueText } from './enum-values';
import type { Document } from 'yaml';
import type { AttributeFact, GatewayApiFacts, GatewayFact } from '../model/gateway-api';
import { explicit } from '../model/sourced';
import { byDefault } from '../model/sourced';
import type { ServiceFact } from '../model/service';
import type { Notice } from '../model/workspace';
import { span } from '../text/span';
import { serviceFromParts } from './k8s-service';
import { yamlPort } from './ports';
import { asSeq, entry, entryAt, nodeSpan, scalarNumber, scalarText } from './yaml-ast';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
export type GatewayApiAccumulator = Mutable<GatewayApiFacts>;

export function emptyGatewayApi(): GatewayApiAccumulator {
  return { classes: [], gateways: [], loadBalancerConfigs: [], targetGroupConfigs: [], routes: [] };
}

const ROUTES = new Set(['TCPRoute', 'TLSRoute', 'HTTPRoute', 'GRPCRoute', 'UDPRoute']);

/**
 * Gateway API documents. Raw facts for the AWS Load Balancer Controller's NLB gateways (joined across
 * files later); for Istio's class, the Service Istio deploys for the Gateway (annotations from
 * `spec.infrastructure.annotations`, no traffic policy, so Cluster). Returns false for other kinds.
 */
export function readGatewayApiDocument(doc: Document, file: string, text: string, acc: GatewayApiAccumulator, notices: Notice[], addService: (s: ServiceFact) => void): boolean {
  const root = doc.contents;
  const kind = scalarText(entry(root, 'kind')?.value);
  const metadata = entry(root, 'metadata')?.value;
  const nameNode = entry(metadata, 'name')?.value;
  const name = scalarText(nameNode) ?? '(unnamed)';
  const namespace = scalarText(entry(metadata, 'namespace')?.value) ?? 'default';
  const spec = entry(root, 'spec')?.value;
  switch (kind) {
    case 'GatewayClass':
      acc.classes.push({ name, controllerName: scalarText(entry(spec, 'controllerName')?.value) ?? '' });
      return true;
    case 'Gateway': {
      const head = nodeSpan(file, nameNode as never) ?? span(file, 0, 0);
      const gw: GatewayFact = {
        file,
        head,
        name,
        namespace,
        className: scalarText(entry(spec, 'gatewayClassName')?.value) ?? '',
        ...(scalarText(entryAt(spec, ['infrastructure', 'parametersRef', 'name'])?.value) ? { parametersRef: scalarText(entryAt(spec, ['infrastructure', 'parametersRef', 'name'])?.value)! } : {}),
        listenerPorts: (asSeq(entry(spec, 'listeners')?.value)?.items ?? []).flatMap((l) => {
          const port = yamlPort(entry(l, 'port'), file, 'port', 'the Gateway API rejects this listener; Hairpin leaves it out', notices);
          return port ? [port] : [];
        }),
      };
      if (gw.className === 'istio') addService(istioDeployedService(gw, spec, text, notices));
      else acc.gateways.push(gw);
      return true;
    }
    case 'LoadBalancerConfiguration': {
      const scheme = entry(spec, 'scheme');
      warnUnknownValue(file, 'LoadBalancerConfiguration spec.scheme', scheme?.value, ['internal', 'internet-facing'], 'internal', notices);
      acc.loadBalancerConfigs.push({
        file,
        name,
        namespace,
        ...(scheme ? { scheme: explicit(scalarText(scheme.value) ?? '', nodeSpan(file, scheme.value as never)) } : {}),
        attributes: attributes(entry(spec, 'loadBalancerAttributes')?.value, file),
      });
      return true;
    }
    case 'TargetGroupConfiguration': {
      const defaults = entry(spec, 'defaultConfiguration')?.value;
      const tt = entry(defaults, 'targetType');
      warnUnknownValue(file, 'TargetGroupConfiguration targetType', tt?.value, ['instance', 'ip'], 'instance', notices);
      acc.targetGroupConfigs.push({
        file,
        name,
        namespace,
        ...(scalarText(entryAt(spec, ['targetReference', 'name'])?.value) ? { serviceName: scalarText(entryAt(spec, ['targetReference', 'name'])?.value)! } : {}),
        ...(tt ? { targetType: explicit(scalarText(tt.value) ?? '', nodeSpan(file, tt.value as never)) } : {}),
        attributes: attributes(entry(defaults, 'targetGroupAttributes')?.value, file),
      });
      return true;
    }
    default:
      if (!kind || !ROUTES.has(kind)) return false;
      for (const parent of asSeq(entry(spec, 'parentRefs')?.value)?.items ?? []) {
        const gateway = scalarText(entry(parent, 'name')?.value);
        if (!gateway) continue;
        const backends = (asSeq(entry(spec, 'rules')?.value)?.items ?? []).flatMap((r) => asSeq(entry(r, 'backendRefs')?.value)?.items ?? []);
        for (const b of backends) {
          const serviceName = scalarText(entry(b, 'name')?.value);
          const port = scalarNumber(entry(b, 'port')?.value);
          if (serviceName) acc.routes.push({ gateway, namespace: scalarText(entry(parent, 'namespace')?.value) ?? namespace, serviceName, ...(port !== undefined ? { servicePort: port } : {}) });
        }
      }
      return true;
  }
}

function attributes(node: unknown, file: string): AttributeFact[] {
  return (asSeq(node)?.items ?? []).flatMap((item) => {
    const key = scalarText(entry(item, 'key')?.value);
    const value = entry(item, 'value');
    const at = nodeSpan(file, value?.value as never);
    return key && at ? [{ key, value: scalarText(value?.value) ?? '', span: at }] : [];
  });
}

/** Istio deploys `<gateway>-istio` as a LoadBalancer Service with the infrastructure annotations. */
function istioDeployedService(gw: GatewayFact, spec: unknown, text: string, notices: Notice[]): ServiceFact {
  return serviceFromParts(
    {
      file: gw.file,
      text,
      name: `${gw.name}-istio`,
      namespace: gw.namespace,
      head: gw.head,
      spec: undefined,
      annotationMaps: [entryAt(spec, ['infrastructure', 'annotations'])?.value],
      defaultType: byDefault('LoadBalancer', 'Istio deploys a LoadBalancer Service for each Gateway of class istio', gw.head),
      defaultPorts: gw.listenerPorts.map((p) => ({ protocol: 'TCP', port: p, targetPort: p })),
    },
    notices,
  );
}

/** A value outside a field's fixed set: a warning on the value, with the nearest valid one. */
function warnUnknownValue(file: string, what: string, node: unknown, valid: readonly string[], instead: string, notices: Notice[]): void {
  const v = scalarText(node);
  if (v === undefined || valid.includes(v)) return;
  const at = nodeSpan(file, node as never);
  notices.push({ file, level: 'warning', message: `${sentence(`${what}: ${unknownValueText(v, valid)}`)} Using ${instead}.`, ...(at ? { span: at } : {}) });
}
